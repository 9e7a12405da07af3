import { describe, expect, it } from 'vitest';
import type { EncodedDataset } from '../../src/model/encoded-dataset.ts';
import { MoeAdapter, trainAdapter, type AdapterShape } from '../../src/model/moe-adapter.ts';
import { embedInto, type MoeModel } from '../../src/model/moe-model.ts';
import { createRandom } from '../../src/model/random.ts';
import { randomDataset, randomModel, tinyArchitecture } from './moe-fixtures.ts';

const options = {
  epochs: 40,
  learningRate: 0.1,
  batchSize: 8,
  seed: 7,
  rehearsal: null,
  rehearsalWeight: 1,
};

function logitsOf(model: { logitsOfRange: MoeModel['logitsOfRange'] }, data: EncodedDataset, row: number, classes: number): Float32Array {
  const out = new Float32Array(classes);
  model.logitsOfRange(data.ids, data.weights, data.offsets[row]!, data.offsets[row + 1]!, out);
  return out;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function accuracy(model: { logitsOfRange: MoeModel['logitsOfRange'] }, data: EncodedDataset, classes: number): number {
  let correct = 0;
  for (let row = 0; row < data.size; row++) {
    if (argmax(logitsOf(model, data, row, classes)) === data.targets[row]) correct++;
  }
  return correct / data.size;
}

/**
 * Relabels rows by a fixed linear rule on the base embedding, a shift the
 * base model does not follow but a rank-2 path can learn.
 */
function shifted(base: MoeModel, data: EncodedDataset, seed: number): EncodedDataset {
  const random = createRandom(seed);
  const d = base.architecture.dimension;
  const classes = base.classCount;
  const rule = Array.from({ length: classes * d }, () => random() * 2 - 1);
  const e = new Float64Array(d);
  const targets = new Int32Array(data.size);
  for (let row = 0; row < data.size; row++) {
    embedInto(base, data.ids, data.weights, data.offsets[row]!, data.offsets[row + 1]!, e);
    const scores = Array.from({ length: classes }, (_, c) =>
      rule.slice(c * d, c * d + d).reduce((sum, w, j) => sum + w * e[j]!, 0),
    );
    targets[row] = argmax(scores);
  }
  return { ...data, targets };
}

const shapes: Array<[string, AdapterShape]> = [
  ['low-rank', { rank: 2, slotHidden: 0, sideRank: 0, headClasses: null }],
  ['slot', { rank: 0, slotHidden: 3, sideRank: 0, headClasses: null }],
  ['low-rank and slot', { rank: 2, slotHidden: 3, sideRank: 0, headClasses: null }],
  ['side embedding', { rank: 0, slotHidden: 0, sideRank: 2, headClasses: null }],
  ['new head', { rank: 1, slotHidden: 2, sideRank: 2, headClasses: 5 }],
];

describe('MoeAdapter', () => {
  it('starts as the identity', () => {
    const base = randomModel(tinyArchitecture, createRandom(1));
    const data = randomDataset(20, tinyArchitecture.buckets, 3, 2);
    const adapter = new MoeAdapter(base, { rank: 2, slotHidden: 3, sideRank: 2, headClasses: null }, createRandom(3));
    for (let row = 0; row < data.size; row++) {
      expect(Array.from(logitsOf(adapter, data, row, 3))).toEqual(Array.from(logitsOf(base, data, row, 3)));
    }
  });

  it('keeps the base parameters bit-identical', () => {
    const base = randomModel(tinyArchitecture, createRandom(4));
    const before = base.parameterGroups().map(([, values]) => Buffer.from(values.slice().buffer));
    const data = randomDataset(24, tinyArchitecture.buckets, 3, 5);
    for (const [, shape] of shapes) {
      const adapter = new MoeAdapter(base, shape, createRandom(6));
      const targets = shape.headClasses === null ? data : { ...data, targets: data.targets.map((t, i) => (t + i) % 5) };
      trainAdapter(adapter, targets, { ...options, epochs: 3, rehearsal: shape.headClasses === null ? data : null });
      const trained = adapter.parameterGroups().filter(([, values]) => values.length > 0);
      expect(trained.some(([, values]) => values.some((v) => v !== 0))).toBe(true);
    }
    base.parameterGroups().forEach(([name, values], i) => {
      expect(Buffer.from(values.buffer).equals(before[i]!), name).toBe(true);
    });
  });

  it.each(shapes)('matches numerical gradients (%s)', (_, shape) => {
    const base = randomModel(tinyArchitecture, createRandom(8));
    const adapter = new MoeAdapter(base, shape, createRandom(9));
    // Non-zero values everywhere so that every path carries a gradient.
    const random = createRandom(10);
    for (const [, values] of adapter.parameterGroups()) {
      for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * 0.7;
    }
    const data = randomDataset(1, tinyArchitecture.buckets, 3, 11);
    const classes = adapter.classCount;
    const weights = Float64Array.from({ length: classes }, (_, k) => (k + 1) * 0.3 - 0.5);
    const loss = () => {
      const out = new Float64Array(classes);
      adapter.logitsOfRange(data.ids, data.weights, data.offsets[0]!, data.offsets[1]!, out);
      return out.reduce((sum, value, k) => sum + weights[k]! * value, 0);
    };
    loss();
    const gradients = adapter.parameterGroups().map(([, values]) => new Float64Array(values.length));
    adapter.accumulateGradients(weights, gradients);
    adapter.parameterGroups().forEach(([name, values], g) => {
      for (let i = 0; i < values.length; i++) {
        const original = values[i]!;
        values[i] = original + 1e-3;
        const plus = loss();
        values[i] = original - 1e-3;
        const minus = loss();
        values[i] = original;
        expect(gradients[g]![i]!, `${name}[${i}]`).toBeCloseTo((plus - minus) / 2e-3, 2);
      }
    });
  });

  it('learns a shifted domain', () => {
    const base = randomModel(tinyArchitecture, createRandom(12));
    const train = shifted(base, randomDataset(120, tinyArchitecture.buckets, 3, 13), 99);
    const test = shifted(base, randomDataset(60, tinyArchitecture.buckets, 3, 14), 99);
    const adapter = new MoeAdapter(base, { rank: 2, slotHidden: 0, sideRank: 0, headClasses: null }, createRandom(15));
    const before = accuracy(adapter, test, 3);
    expect(before).toBe(accuracy(base, test, 3));
    trainAdapter(adapter, train, options);
    expect(accuracy(adapter, test, 3)).toBeGreaterThan(before + 0.15);
  });

  it('learns n-grams the base pruned', () => {
    const base = randomModel(tinyArchitecture, createRandom(26));
    // Rows 0–3 are pruned in the base, and the label depends only on which
    // of them an appeal contains, so only the side embedding can learn it.
    base.embedding.fill(0, 0, 4 * tinyArchitecture.dimension);
    base.refreshLiveRows();
    const relabelled = (data: EncodedDataset): EncodedDataset => {
      const targets = new Int32Array(data.size);
      for (let row = 0; row < data.size; row++) {
        let target = 2;
        for (let k = data.offsets[row]!; k < data.offsets[row + 1]!; k++) {
          if (data.ids[k]! < 2) target = 0;
          else if (data.ids[k]! < 4 && target === 2) target = 1;
        }
        targets[row] = target;
      }
      return { ...data, targets };
    };
    const train = relabelled(randomDataset(150, tinyArchitecture.buckets, 3, 27));
    const test = relabelled(randomDataset(60, tinyArchitecture.buckets, 3, 28));
    const adapter = new MoeAdapter(base, { rank: 0, slotHidden: 0, sideRank: 2, headClasses: null }, createRandom(29));
    const before = accuracy(adapter, test, 3);
    trainAdapter(adapter, train, options);
    expect(accuracy(adapter, test, 3)).toBeGreaterThan(before + 0.2);
  });

  it('keeps base predictions on rehearsal rows', () => {
    const base = randomModel(tinyArchitecture, createRandom(16));
    const train = shifted(base, randomDataset(60, tinyArchitecture.buckets, 3, 17), 98);
    const old = randomDataset(60, tinyArchitecture.buckets, 3, 18);
    const agreement = (adapter: MoeAdapter) => {
      let same = 0;
      for (let row = 0; row < old.size; row++) {
        if (argmax(logitsOf(adapter, old, row, 3)) === argmax(logitsOf(base, old, row, 3))) same++;
      }
      return same / old.size;
    };
    const shape: AdapterShape = { rank: 2, slotHidden: 0, sideRank: 0, headClasses: null };
    const plain = new MoeAdapter(base, shape, createRandom(19));
    trainAdapter(plain, train, options);
    const rehearsed = new MoeAdapter(base, shape, createRandom(19));
    trainAdapter(rehearsed, train, { ...options, rehearsal: old, rehearsalWeight: 2 });
    expect(agreement(rehearsed)).toBeGreaterThan(agreement(plain));
  });

  it('starts a new head from the parent labels', () => {
    const base = randomModel(tinyArchitecture, createRandom(20));
    const data = randomDataset(30, tinyArchitecture.buckets, 3, 21);
    const adapter = new MoeAdapter(base, { rank: 0, slotHidden: 0, sideRank: 0, headClasses: 5 }, createRandom(22));
    // Labels 0, 1 split base label 0 (label 1 favoured), 2 is base label
    // 1, and 3, 4 split base label 2 (label 3 favoured).
    adapter.initialiseHeadFrom([0, 0, 1, 2, 2], [-1, 0, 0, 0, -2]);
    const child = [1, 2, 3];
    for (let row = 0; row < data.size; row++) {
      const expected = child[argmax(logitsOf(base, data, row, 3))];
      expect(argmax(logitsOf(adapter, data, row, 5))).toBe(expected);
    }
  });

  it('rejects rehearsal with a new head', () => {
    const base = randomModel(tinyArchitecture, createRandom(23));
    const data = randomDataset(8, tinyArchitecture.buckets, 3, 24);
    const adapter = new MoeAdapter(base, { rank: 0, slotHidden: 0, sideRank: 0, headClasses: 4 }, createRandom(25));
    expect(() => trainAdapter(adapter, data, { ...options, rehearsal: data })).toThrow(/base head/);
  });
});
