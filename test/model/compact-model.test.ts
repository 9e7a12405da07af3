import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompactModel } from '../../src/model/compact-model.ts';
import { decodeStudent, encodeStudent } from '../../src/model/model-file.ts';
import {
  encodeSelected,
  hashTexts,
  NgramSelection,
  selectNgrams,
  tagBits,
} from '../../src/model/ngram-selection.ts';
import { createRandom } from '../../src/model/random.ts';
import { SoftmaxModel } from '../../src/model/softmax-model.ts';
import { trainStudent } from '../../src/model/train-student.ts';
import type { TrainingExample } from '../../src/model/training-example.ts';
import { NgramHasher } from '../../src/text/ngram-hashes.ts';

function hashesOf(text: string, min: number, max: number): number[] {
  const hasher = new NgramHasher(min, max);
  const count = hasher.hash(text);
  return Array.from(hasher.hashes.subarray(0, count));
}

describe('NgramHasher', () => {
  it('hashes each occurrence, not across punctuation', () => {
    // 停水，停水: 1-grams 停 水 停 水, 2-grams 停水 停水; the comma splits.
    const hashes = hashesOf('停水，停水', 1, 2);
    expect(hashes).toHaveLength(6);
    expect(new Set(hashes).size).toBe(3);
    expect(hashesOf('停水停水', 1, 2)).toHaveLength(7);
  });

  it('separates orders and folds digits and case', () => {
    expect(hashesOf('ab', 2, 2)).not.toEqual(hashesOf('ab', 1, 1).slice(0, 1));
    expect(hashesOf('ROOM 12', 1, 3)).toEqual(hashesOf('room 99', 1, 3));
  });
});

const classTexts: Array<[string, string[]]> = [
  ['供水', ['小区停水三天', '楼道水管爆裂漏水', '自来水发黄有异味', '停水没有通知']],
  ['噪声', ['夜间施工噪音扰民', '广场舞音响太吵', '工地半夜打桩噪声', '酒吧噪音影响休息']],
  ['交通', ['公交车晚点严重', '路口红绿灯坏了', '出租车拒载乘客', '公交站台没有遮阳']],
];

function examples(copies: number): TrainingExample[] {
  const rows: TrainingExample[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const [label, texts] of classTexts) {
      texts.forEach((text, i) =>
        rows.push({
          text: `${'市民反映'.repeat(copy % 2)}${text}${'，请尽快处理'.repeat(copy % 3)}`,
          label,
          segmentedOnly: false,
          group: `${label}-${i}-${copy}`,
          source: `test:${rows.length + 1}`,
        }),
      );
    }
  }
  return rows;
}

describe('selectNgrams', () => {
  it('prefers class-specific n-grams', () => {
    const rows = examples(4);
    const labels = classTexts.map(([label]) => label);
    const hasher = new NgramHasher(1, 2);
    const texts = hashTexts(rows.map((row) => row.text), hasher);
    const targets = Int32Array.from(rows.map((row) => labels.indexOf(row.label)));
    // Room for a few n-grams only: the shared 处理 must lose to 噪音.
    const selection = selectNgrams(texts, targets, labels.length, { slotBits: 8, fill: 0.05 });
    const slotOf = (ngram: string) => selection.slotOf(hashesOf(ngram, ngram.length, ngram.length)[0]!);
    expect(slotOf('噪音')).toBeGreaterThanOrEqual(0);
    expect(slotOf('处理')).toBe(-1);
    expect(selection.placed).toBe(Math.round(256 * 0.05));
  });

  it('rejects a slot owned by another identity', () => {
    const owners = new Int32Array(256).fill(-1);
    owners[5] = 5 + 3 * 256;
    const selection = new NgramSelection(8, owners);
    expect(selection.slotOf(5 + 3 * 256)).toBe(5);
    expect(selection.slotOf(5 + 4 * 256)).toBe(-1);
    expect(selection.slotOf(6)).toBe(-1);
    expect(selection.tagOf(5)).toBe(0x80 | 3);
    expect(selection.tagOf(6)).toBe(0);
    expect(tagBits).toBe(7);
  });
});

/** Builds a compact model with random weights on the selection of `rows`. */
function randomCompact(rows: TrainingExample[], slotBits: number) {
  const labels = classTexts.map(([label]) => label);
  const hasher = new NgramHasher(1, 3);
  const texts = hashTexts(rows.map((row) => row.text), hasher);
  const targets = Int32Array.from(rows.map((row) => labels.indexOf(row.label)));
  const selection = selectNgrams(texts, targets, labels.length, { slotBits, fill: 0.5 });
  const random = createRandom(11);
  const float = new SoftmaxModel(2 ** slotBits, labels.length);
  for (let slot = 0; slot < 2 ** slotBits; slot++) {
    if (selection.owners[slot] === -1) continue;
    for (let c = 0; c < labels.length; c++) float.weights[slot * labels.length + c] = random() * 4 - 2;
  }
  float.bias.set([0.1, -0.2, 0.05]);
  const compact = CompactModel.fromSoftmax(float, selection, { min: 1, max: 3 });
  return { float, compact, selection, encoded: encodeSelected(texts, targets, selection), labels };
}

describe('CompactModel', () => {
  const rows = examples(3);
  const { float, compact, selection, encoded, labels } = randomCompact(rows, 10);

  it('matches text and feature logits for seven classes', () => {
    // Seven classes take the unrolled path of logitsOfText.
    const seven = new SoftmaxModel(1024, 7);
    const random = createRandom(5);
    for (let i = 0; i < seven.weights.length; i++) {
      if (selection.owners[Math.floor(i / 7)] !== -1) seven.weights[i] = random() * 2 - 1;
    }
    const model = CompactModel.fromSoftmax(seven, selection, { min: 1, max: 3 });
    const fromText = new Float32Array(7);
    const fromFeatures = new Float32Array(7);
    rows.forEach((row, i) => {
      const start = encoded.offsets[i]!;
      const end = encoded.offsets[i + 1]!;
      model.logitsOfText(row.text, fromText);
      model.logits(
        { ids: encoded.ids.subarray(start, end), weights: encoded.weights.subarray(start, end), count: end - start },
        fromFeatures,
      );
      for (let c = 0; c < 7; c++) expect(fromText[c]).toBeCloseTo(fromFeatures[c]!, 4);
    });
  });

  it('matches text and feature logits', () => {
    const fromText = new Float32Array(labels.length);
    const fromFeatures = new Float32Array(labels.length);
    rows.forEach((row, i) => {
      const start = encoded.offsets[i]!;
      const end = encoded.offsets[i + 1]!;
      compact.logitsOfText(row.text, fromText);
      compact.logits(
        { ids: encoded.ids.subarray(start, end), weights: encoded.weights.subarray(start, end), count: end - start },
        fromFeatures,
      );
      for (let c = 0; c < labels.length; c++) expect(fromText[c]).toBeCloseTo(fromFeatures[c]!, 4);
    });
  });

  it('stays within int8 tolerance of float', () => {
    const quantized = new Float32Array(labels.length);
    const exact = new Float32Array(labels.length);
    rows.forEach((_, i) => {
      const start = encoded.offsets[i]!;
      const end = encoded.offsets[i + 1]!;
      const features = {
        ids: encoded.ids.subarray(start, end),
        weights: encoded.weights.subarray(start, end),
        count: end - start,
      };
      compact.logits(features, quantized);
      float.logits(features, exact);
      // Each weight is off by at most scale / 2; the features have unit
      // L2 norm, so their L1 norm is at most sqrt(count).
      for (let c = 0; c < labels.length; c++) {
        const bound = (compact.scales[c]! / 2) * Math.sqrt(features.count) + 1e-5;
        expect(Math.abs(quantized[c]! - exact[c]!)).toBeLessThanOrEqual(bound);
      }
    });
    expect(selection.placed).toBeGreaterThan(50);
    expect(compact.usedSlots()).toBe(selection.placed);
  });

  it('returns the bias for unknown text', () => {
    const out = new Float32Array(labels.length);
    compact.logitsOfText('', out);
    expect(Array.from(out)).toEqual(Array.from(compact.bias));
    compact.logitsOfText('zzzz', out);
    expect(Array.from(out)).toEqual(Array.from(compact.bias));
  });
});

describe('compact student', () => {
  const trained = trainStudent(examples(6), {
    settings: { buckets: 1 << 12, charNgramMin: 1, charNgramMax: 3, sublinearTf: true },
    training: { learningRate: 0.5, l2: 1e-6, maxEpochs: 6, patience: 3, warmupEpochs: 0, seed: 7 },
    validationFraction: 0.25,
    refit: true,
    selection: { slotBits: 10, fill: 0.6 },
    now: () => new Date('2024-05-17T08:00:00Z'),
  });

  it('learns the classes', () => {
    const { student, report } = trained;
    expect(student.model).toBeInstanceOf(CompactModel);
    expect(report.validation.macroF1).toBeGreaterThan(0.9);
    expect(student.predict('半夜工地施工噪音太大').label).toBe('噪声');
    expect(student.predict('家里停水了，水管漏水').label).toBe('供水');
    expect(student.settings.buckets).toBe(1024);
  });

  it('round-trips through the model file', () => {
    const { student } = trained;
    const decoded = decodeStudent(encodeStudent(student), 'compact.hlm');
    const model = decoded.model as CompactModel;
    expect(model).toBeInstanceOf(CompactModel);
    expect(Buffer.compare(Buffer.from(model.tags), Buffer.from((student.model as CompactModel).tags))).toBe(0);
    expect(Array.from(model.weights)).toEqual(Array.from((student.model as CompactModel).weights));
    const text = '公交车晚点，路口红绿灯坏了';
    expect(decoded.predict(text)).toEqual(student.predict(text));
  });

  it('names a truncated file', () => {
    const raw = gunzipSync(encodeStudent(trained.student));
    const cut = gzipSync(raw.subarray(0, raw.length - 10));
    expect(() => decodeStudent(cut, 'cut.hlm')).toThrow(/cut\.hlm.*truncated or padded/);
  });
});

describe('NgramHasher limits', () => {
  it('hashes only the first 60,000 characters', () => {
    const hasher = new NgramHasher(1, 1);
    expect(hasher.hash('水'.repeat(70_000))).toBe(60_000);
  });
});

describe('NgramHasher folding', () => {
  it('hashes Traditional like Simplified', () => {
    expect(hashesOf('廣東省停水', 1, 3)).toEqual(hashesOf('广东省停水', 1, 3));
  });
});

describe('model file checksum', () => {
  it('rejects a changed weight byte', () => {
    const student = trainStudent(examples(6), {
      settings: { buckets: 1 << 12, charNgramMin: 1, charNgramMax: 3, sublinearTf: true },
      training: { learningRate: 0.5, l2: 1e-6, maxEpochs: 3, patience: 3, warmupEpochs: 0, seed: 7 },
      validationFraction: 0.25,
      refit: false,
      selection: { slotBits: 10, fill: 0.6 },
    }).student;
    const raw = Buffer.from(gunzipSync(encodeStudent(student)));
    expect(() => decodeStudent(gzipSync(raw), 'intact.hlm')).not.toThrow();
    // The bias sits at the end of the body; flip one of its bytes.
    raw[raw.length - 2]! ^= 0xff;
    expect(() => decodeStudent(gzipSync(raw), 'flipped.hlm')).toThrow(
      /flipped\.hlm" is damaged: its weights do not match the checksum/,
    );
  });
});
