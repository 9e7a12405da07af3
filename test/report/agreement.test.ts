import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../src/report/agreement.ts';

describe('computeAgreement', () => {
  it('returns null without recorded categories', () => {
    expect(computeAgreement([])).toBeNull();
  });

  it('matches a hand-computed macro-F1', () => {
    const agreement = computeAgreement([
      { recorded: 'A', predicted: 'A', count: 3 },
      { recorded: 'A', predicted: 'B', count: 1 },
      { recorded: 'B', predicted: 'B', count: 2 },
      { recorded: 'C', predicted: 'B', count: 2 },
    ]);
    expect(agreement?.rows).toBe(8);
    expect(agreement?.accuracy).toBeCloseTo(5 / 8);
    // A: p 1, r 3/4, f1 6/7. B: p 2/5, r 1, f1 4/7. C: 0.
    expect(agreement?.macroF1).toBeCloseTo((6 / 7 + 4 / 7 + 0) / 3);
    expect(agreement?.labels.map((label) => label.label)).toEqual([
      'A',
      'B',
      'C',
    ]);
  });
});
