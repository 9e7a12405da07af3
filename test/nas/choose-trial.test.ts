import { describe, expect, it } from 'vitest';
import { chooseTrial, type TrialRecord } from '../../src/nas/architecture-search.ts';

function trial(id: number, macroF1: number, operations: number, confirmedMacroF1?: number): TrialRecord {
  return {
    id,
    candidate: {
      family: 'compact',
      ngramMax: 2,
      bucketBits: 14,
      fill: 0.7,
      dimension: 0,
      experts: 0,
      hidden: 0,
      topK: 0,
      bits: 8,
      pruneRatio: 0,
    },
    key: `trial ${id}`,
    generation: 0,
    rung: 0,
    epochs: 2,
    bestEpoch: 2,
    trainSeconds: 1,
    measures: { macroF1, microseconds: 10, operations, bytes: 1000 },
    ...(confirmedMacroF1 === undefined ? {} : { confirmedMacroF1 }),
  };
}

describe('chooseTrial', () => {
  it('takes the fewest operations near the best', () => {
    const chosen = chooseTrial([trial(1, 0.92, 3000), trial(2, 0.918, 1000), trial(3, 0.9, 500)], 0.003);
    expect(chosen.id).toBe(2);
  });

  it('ranks confirmed trials by their mean', () => {
    // Trial 2 looked as good on one split but not on three.
    const chosen = chooseTrial(
      [trial(1, 0.92, 3000, 0.915), trial(2, 0.918, 1000, 0.9), trial(3, 0.93, 500)],
      0.003,
    );
    expect(chosen.id).toBe(1);
  });
});
