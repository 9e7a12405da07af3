import { describe, expect, it } from 'vitest';
import {
  embedInto,
  expertInto,
  gateProbabilitiesInto,
  selectTopK,
  skipInto,
} from '../../src/model/moe-model.ts';
import { createRandom } from '../../src/model/random.ts';
import { randomModel } from './moe-fixtures.ts';

describe('selectTopK', () => {
  it('picks the k largest scores, best first', () => {
    const selected = new Int32Array(3);
    selectTopK(Float32Array.from([0.1, 0.4, 0.05, 0.3, 0.15]), 3, selected);
    expect(Array.from(selected)).toEqual([1, 3, 4]);
  });

  it('breaks ties towards the lower index', () => {
    const selected = new Int32Array(2);
    selectTopK(Float32Array.from([0.2, 0.4, 0.4]), 2, selected);
    expect(Array.from(selected)).toEqual([1, 2]);
  });
});

describe('MoeModel routing', () => {
  it('runs only the top-k experts', () => {
    const architecture = {
      buckets: 8,
      dimension: 4,
      experts: 5,
      hidden: 3,
      topK: 2,
      classCount: 3,
      skip: true,
    };
    const model = randomModel(architecture, createRandom(3));
    const features = {
      ids: Int32Array.from([1, 4, 6]),
      weights: Float32Array.from([0.6, 0.64, 0.48]),
      count: 3,
    };
    const e = new Float64Array(4);
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 4; j++) {
        e[j]! += features.weights[k]! * model.embedding[features.ids[k]! * 4 + j]!;
      }
    }
    const p = new Float64Array(5);
    gateProbabilitiesInto(model, e, p);
    const ranked = [0, 1, 2, 3, 4].sort((a, b) => p[b]! - p[a]!);
    const chosen = ranked.slice(0, 2);
    const before = new Float32Array(3);
    model.logits(features, before);
    // Poison the experts that must not run: any use of them gives NaN.
    for (const expert of ranked.slice(2)) {
      model.hiddenWeights.fill(NaN, expert * 3 * 4, (expert + 1) * 3 * 4);
      model.outputBias.fill(NaN, expert * 3, (expert + 1) * 3);
    }
    const after = new Float32Array(3);
    model.logits(features, after);
    for (let c = 0; c < 3; c++) {
      expect(Number.isFinite(after[c]!)).toBe(true);
      expect(after[c]).toBe(before[c]);
    }
    // And the chosen experts do contribute.
    model.outputBias[chosen[0]! * 3] = NaN;
    model.logits(features, after);
    expect(Number.isNaN(after[0]!)).toBe(true);
  });

  // The gate probabilities of this model lie far from 1 (and from an even
  // split for top-2), so each mixing rule gives logits unlike the other.
  it.each([
    [1, 'gate probability'],
    [2, 'renormalised gate probabilities'],
  ])('weighs top-%i experts by %s', (topK) => {
    const architecture = {
      buckets: 8,
      dimension: 4,
      experts: 4,
      hidden: 3,
      topK,
      classCount: 3,
      skip: true,
    };
    const model = randomModel(architecture, createRandom(5), 1.5);
    const features = {
      ids: Int32Array.from([0, 2, 7]),
      weights: Float32Array.from([0.6, 0.64, 0.48]),
      count: 3,
    };
    const e = new Float64Array(4);
    embedInto(model, features.ids, features.weights, 0, 3, e);
    const p = new Float64Array(4);
    gateProbabilitiesInto(model, e, p);
    const selected = new Int32Array(topK);
    selectTopK(p, topK, selected);
    let routed = 0;
    for (const expert of selected) routed += p[expert]!;
    expect(routed).toBeLessThan(0.9);
    const expected = new Float64Array(3);
    skipInto(model, e, expected);
    const hidden = new Float64Array(3);
    const y = new Float64Array(3);
    for (const expert of selected) {
      const weight = topK === 1 ? p[expert]! : p[expert]! / routed;
      expertInto(model, expert, e, hidden, y);
      for (let c = 0; c < 3; c++) expected[c]! += weight * y[c]!;
    }
    const logits = new Float32Array(3);
    model.logits(features, logits);
    for (let c = 0; c < 3; c++) expect(logits[c]).toBeCloseTo(expected[c]!, 5);
  });

  it('counts multiply-adds of the active experts only', () => {
    const model = randomModel(
      { buckets: 8, dimension: 4, experts: 6, hidden: 3, topK: 2, classCount: 3, skip: true },
      createRandom(1),
    );
    // 10·4 embedding + 6·4 gate + 2·(3·4 + 3·3 + 3) experts + 3·4 skip.
    expect(model.operations(10)).toBe(40 + 24 + 48 + 12);
  });
});
