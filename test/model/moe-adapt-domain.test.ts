import { describe, expect, it } from 'vitest';
import { addExperts, adaptMoe, concatDatasets, sampleRows } from '../../src/model/adapt-domain.ts';
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

describe('rehearsal datasets', () => {
  it('concatenates rows in order', () => {
    const first = randomDataset(3, tinyArchitecture.buckets, 3, 30);
    const second = randomDataset(2, tinyArchitecture.buckets, 3, 31);
    const joined = concatDatasets([first, second]);
    expect(joined.size).toBe(5);
    expect(Array.from(joined.targets)).toEqual([...first.targets, ...second.targets]);
    expect(Array.from(joined.ids.subarray(joined.offsets[3]!, joined.offsets[5]!))).toEqual(Array.from(second.ids));
    expect(joined.offsets[5]).toBe(first.ids.length + second.ids.length);
  });

  it('samples distinct rows', () => {
    const data = randomDataset(10, tinyArchitecture.buckets, 3, 32);
    const sample = sampleRows(data, 4, createRandom(33));
    expect(sample.size).toBe(4);
    const rows = new Set<string>();
    for (let row = 0; row < sample.size; row++) {
      rows.add(Array.from(sample.ids.subarray(sample.offsets[row]!, sample.offsets[row + 1]!)).join(','));
    }
    expect(rows.size).toBe(4);
    expect(sampleRows(data, 20, createRandom(34)).size).toBe(10);
  });

  it('trains on rehearsal rows too', () => {
    const base = randomModel(tinyArchitecture, createRandom(35));
    const data = randomDataset(12, tinyArchitecture.buckets, 3, 36);
    const old = randomDataset(12, tinyArchitecture.buckets, 3, 37);
    const options = { ...defaultMoeTrainingOptions, fixedEpochs: 2, maxEpochs: 2, batchSize: 4 };
    const plain = adaptMoe(base, data, data, old, 1, options, createRandom(38)).model;
    const rehearsed = adaptMoe(base, data, data, old, 1, options, createRandom(38), old).model;
    expect(Array.from(rehearsed.gateWeights)).not.toEqual(Array.from(plain.gateWeights));
    expect(Array.from(rehearsed.embedding)).toEqual(Array.from(base.embedding));
  });
});
