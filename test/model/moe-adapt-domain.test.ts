import { describe, expect, it } from 'vitest';
import { addExperts, adaptMoe } from '../../src/model/adapt-domain.ts';
import { createRandom } from '../../src/model/random.ts';
import { defaultMoeTrainingOptions } from '../../src/model/train-moe.ts';
import { randomDataset, randomModel, tinyArchitecture } from './moe-fixtures.ts';

describe('domain adaptation', () => {
  it('addExperts copies old parameters', () => {
    const base = randomModel(tinyArchitecture, createRandom(1));
    const grown = addExperts(base, 2, createRandom(2));
    expect(grown.architecture.experts).toBe(5);
    expect(Array.from(grown.embedding)).toEqual(Array.from(base.embedding));
    expect(Array.from(grown.skipWeights)).toEqual(Array.from(base.skipWeights));
    expect(Array.from(grown.outputWeights.subarray(base.outputWeights.length)).every((v) => v === 0)).toBe(true);
  });

  it('trains only the gate and new experts', () => {
    const base = randomModel(tinyArchitecture, createRandom(3));
    const data = randomDataset(24, tinyArchitecture.buckets, 3, 4);
    const { model, report } = adaptMoe(
      base,
      data,
      data,
      data,
      1,
      { ...defaultMoeTrainingOptions, fixedEpochs: 3, maxEpochs: 3, batchSize: 4 },
      createRandom(5),
    );
    expect(Array.from(model.embedding)).toEqual(Array.from(base.embedding));
    expect(Array.from(model.skipWeights)).toEqual(Array.from(base.skipWeights));
    const oldExperts = base.hiddenWeights.length;
    expect(Array.from(model.hiddenWeights.subarray(0, oldExperts))).toEqual(Array.from(base.hiddenWeights));
    expect(model.gateWeights.subarray(0, base.gateWeights.length)).not.toEqual(base.gateWeights);
    expect(model.outputWeights.subarray(base.outputWeights.length).some((v) => v !== 0)).toBe(true);
    expect(report.trainedParameters).toBe(4 * 3 + 4 + (4 * 3 + 4 + 3 * 4 + 3));
  });
});
