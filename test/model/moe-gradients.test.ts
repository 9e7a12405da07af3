import { describe, expect, it } from 'vitest';
import {
  MoeGradients,
  batchLossAndGradients,
  type MoeLossOptions,
} from '../../src/model/moe-gradients.ts';
import { MoeModel, type MoeParameterGroup } from '../../src/model/moe-model.ts';
import { createRandom } from '../../src/model/random.ts';
import { randomDataset, randomModel, tinyArchitecture } from './moe-fixtures.ts';

const options: MoeLossOptions = {
  balanceWeight: 0.3,
  capacityFactor: null,
  classWeights: Float32Array.from([1, 2, 0.5]),
};

function analyticGradient(
  gradients: MoeGradients,
  group: MoeParameterGroup,
  index: number,
  dimension: number,
): number {
  if (group === 'embedding') {
    const row = Math.floor(index / dimension);
    const slot = gradients.slotOfRow[row]!;
    return slot === -1 ? 0 : gradients.values[slot * dimension + (index % dimension)]!;
  }
  return gradients[group][index]!;
}

/**
 * Compares every analytic gradient of a seeded tiny model with central
 * finite differences and returns the largest analytic magnitude per
 * parameter group.
 */
function checkFiniteDifferences(
  topK: number,
  lossOptions: MoeLossOptions,
): Map<MoeParameterGroup, number> {
  const model = randomModel({ ...tinyArchitecture, topK }, createRandom(7));
  const data = randomDataset(6, tinyArchitecture.buckets, 3, 11);
  const rows = [0, 1, 2, 3, 4, 5];
  const gradients = new MoeGradients(model);
  batchLossAndGradients(model, data, rows, lossOptions, gradients);
  const scratch = new MoeGradients(model);
  const lossAt = () => {
    scratch.clear();
    return batchLossAndGradients(model, data, rows, lossOptions, scratch).loss;
  };
  const largestOf = new Map<MoeParameterGroup, number>();
  let checked = 0;
  for (const [group, values] of model.parameterGroups()) {
    let largest = 0;
    for (let i = 0; i < values.length; i++) {
      const original = values[i]!;
      values[i] = original + 1e-3;
      const plus = values[i]!;
      const lossPlus = lossAt();
      values[i] = original - 1e-3;
      const minus = values[i]!;
      const lossMinus = lossAt();
      values[i] = original;
      const numeric = (lossPlus - lossMinus) / (plus - minus);
      const analytic = analyticGradient(gradients, group, i, 3);
      expect(Math.abs(analytic - numeric), `${group}[${i}]`).toBeLessThan(
        1e-4 + 1e-3 * Math.abs(numeric),
      );
      largest = Math.max(largest, Math.abs(analytic));
      checked++;
    }
    largestOf.set(group, largest);
  }
  expect(checked).toBe(
    model.parameterGroups().reduce((sum, [, v]) => sum + v.length, 0),
  );
  return largestOf;
}

describe('MoE gradients', () => {
  it.each([1, 2])('match finite differences (top-%i)', (topK) => {
    for (const [group, largest] of checkFiniteDifferences(topK, options)) {
      // A group whose gradient is zero everywhere would pass trivially.
      expect(largest, group).toBeGreaterThan(1e-4);
    }
  });

  it.each([1, 2])('reach the gate without balancing (top-%i)', (topK) => {
    const largest = checkFiniteDifferences(topK, { ...options, balanceWeight: 0 });
    expect(largest.get('gateBias')).toBeGreaterThan(1e-3);
    expect(largest.get('gateWeights')).toBeGreaterThan(1e-3);
  });

  it.each([1, 2])('train on the predicted logits (top-%i)', (topK) => {
    const model = randomModel({ ...tinyArchitecture, topK }, createRandom(9), 1.5);
    const data = randomDataset(8, tinyArchitecture.buckets, 3, 13);
    const rows = [0, 1, 2, 3, 4, 5, 6, 7];
    const result = batchLossAndGradients(
      model,
      data,
      rows,
      { balanceWeight: 0, capacityFactor: null, classWeights: null },
      new MoeGradients(model),
    );
    const logits = new Float32Array(3);
    let crossEntropy = 0;
    for (const row of rows) {
      model.logitsOfRange(data.ids, data.weights, data.offsets[row]!, data.offsets[row + 1]!, logits);
      const max = Math.max(...logits);
      let sum = 0;
      for (const value of logits) sum += Math.exp(value - max);
      crossEntropy += Math.log(sum) + max - logits[data.targets[row]!]!;
    }
    expect(result.crossEntropy).toBeCloseTo(crossEntropy / rows.length, 5);
  });

  it('balancing loss matches a hand-computed case', () => {
    const model = new MoeModel({
      buckets: 4,
      dimension: 2,
      experts: 2,
      hidden: 2,
      topK: 1,
      classCount: 2,
      skip: true,
    });
    // Zero embedding: every gate sees e = 0, so p = softmax([ln 3, 0]),
    // up to float32 rounding of ln 3.
    model.gateBias.set([Math.log(3), 0]);
    const data = randomDataset(2, 4, 2, 3);
    const gradients = new MoeGradients(model);
    const result = batchLossAndGradients(
      model,
      data,
      [0, 1],
      { balanceWeight: 0.1, capacityFactor: null, classWeights: null },
      gradients,
    );
    // f = [1, 0], P = [0.75, 0.25]: α · N · Σ f·P = 0.1 · 2 · 0.75.
    expect(result.balance).toBeCloseTo(0.15, 6);
    expect(Array.from(result.assignments)).toEqual([2, 0]);
    // Every expert outputs 0 (zero embedding, hidden and output layers),
    // so the classification loss leaves the gate alone and only the
    // balancing term reaches it: per example p_i (α N f_i / B − Σ p_j ·).
    expect(gradients.gateBias[0]).toBeCloseTo(0.0375, 6);
    expect(gradients.gateBias[1]).toBeCloseTo(-0.0375, 6);
  });

  it('capacity limit moves overflow to the next expert', () => {
    const model = new MoeModel({
      buckets: 4,
      dimension: 2,
      experts: 2,
      hidden: 2,
      topK: 1,
      classCount: 2,
      skip: true,
    });
    model.gateBias.set([5, 0]);
    const data = randomDataset(4, 4, 2, 5);
    const run = (capacityFactor: number) =>
      batchLossAndGradients(
        model,
        data,
        [0, 1, 2, 3],
        { balanceWeight: 0, capacityFactor, classWeights: null },
        new MoeGradients(model),
      );
    // Capacity ceil(1 · 4 · 1 / 2) = 2: two examples fall to expert 1.
    const roomy = run(1);
    expect(Array.from(roomy.assignments)).toEqual([2, 2]);
    expect(roomy.dropped).toBe(0);
    // Capacity ceil(0.5 · 4 · 1 / 2) = 1: two slots find no room.
    const tight = run(0.5);
    expect(Array.from(tight.assignments)).toEqual([1, 1]);
    expect(tight.dropped).toBe(2);
  });
});
