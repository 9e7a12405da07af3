import { describe, expect, it } from 'vitest';
import { MoeModel } from '../../src/model/moe-model.ts';
import { pruneMoe } from '../../src/model/prune.ts';

function model(): MoeModel {
  const m = new MoeModel({
    buckets: 4,
    dimension: 2,
    experts: 1,
    hidden: 2,
    topK: 1,
    classCount: 2,
    skip: true,
  });
  // Row norms 5, 1, 0 (never trained), 2.
  m.embedding.set([3, 4, 1, 0, 0, 0, 0, 2]);
  m.gateWeights.set([0.1, -0.2]);
  m.hiddenWeights.set([1, -2, 3, -4]);
  m.outputWeights.set([0.5, 0.6, -0.7, 0.8]);
  m.skipWeights.set([10, 20, 30, 40]);
  m.refreshLiveRows();
  return m;
}

describe('pruneMoe', () => {
  it('removes the weakest live rows', () => {
    const m = model();
    const report = pruneMoe(m, { rowRatio: 1 / 3, weightRatio: 0, scope: 'per-layer' });
    expect(report.rowsBefore).toBe(3);
    expect(report.rowsAfter).toBe(2);
    expect(Array.from(m.liveRows)).toEqual([1, 0, 0, 1]);
  });

  it('prunes each layer at the ratio', () => {
    const m = model();
    pruneMoe(m, { rowRatio: 0, weightRatio: 0.5, scope: 'per-layer' });
    expect(Array.from(m.gateWeights)).toEqual([0, -0.2].map(Math.fround));
    expect(Array.from(m.hiddenWeights)).toEqual([0, 0, 3, -4]);
    expect(Array.from(m.skipWeights)).toEqual([0, 0, 30, 40]);
  });

  it('global scope spares the large layers', () => {
    const m = model();
    const report = pruneMoe(m, { rowRatio: 0, weightRatio: 0.5, scope: 'global' });
    expect(report.weightsZeroed).toBe(7);
    expect(Array.from(m.gateWeights)).toEqual([0, 0]);
    expect(Array.from(m.skipWeights)).toEqual([10, 20, 30, 40]);
  });

  it('rejects a ratio of 1', () => {
    expect(() =>
      pruneMoe(model(), { rowRatio: 1, weightRatio: 0, scope: 'global' }),
    ).toThrow(/rowRatio must be in \[0, 1\), got 1/);
  });
});
