import { describe, expect, it } from 'vitest';
import { cohenKappa } from '../../src/labeling/cohen-kappa.ts';

function repeat(pairs: Array<[string, string, number]>): [string[], string[]] {
  const first: string[] = [];
  const second: string[] = [];
  for (const [a, b, count] of pairs) {
    for (let i = 0; i < count; i++) {
      first.push(a);
      second.push(b);
    }
  }
  return [first, second];
}

describe('cohenKappa', () => {
  it('matches a hand-computed table', () => {
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: observed 35/50 = 0.7;
    // rater one says yes 25/50, rater two 30/50, so chance agreement is
    // 0.5 × 0.6 + 0.5 × 0.4 = 0.5 and kappa = (0.7 − 0.5) / 0.5 = 0.4.
    const [first, second] = repeat([
      ['yes', 'yes', 20],
      ['yes', 'no', 5],
      ['no', 'yes', 10],
      ['no', 'no', 15],
    ]);
    const result = cohenKappa(first, second);
    expect(result.items).toBe(50);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.expected).toBeCloseTo(0.5, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
  });

  it('handles three labels', () => {
    // Observed 4/6; shares A 2/6 vs 2/6, B 2/6 vs 3/6, C 2/6 vs 1/6, so
    // chance is (4 + 6 + 2) / 36 = 1/3 and kappa = (2/3 − 1/3) / (2/3).
    const result = cohenKappa(
      ['A', 'A', 'B', 'B', 'C', 'C'],
      ['A', 'B', 'B', 'B', 'C', 'A'],
    );
    expect(result.kappa).toBeCloseTo(0.5, 12);
  });

  it('is 1 for perfect agreement on one label', () => {
    expect(cohenKappa(['A', 'A'], ['A', 'A']).kappa).toBe(1);
  });

  it('is negative below chance', () => {
    expect(cohenKappa(['A', 'B'], ['B', 'A']).kappa).toBeLessThan(0);
  });

  it('rejects lists of different length', () => {
    expect(() => cohenKappa(['A'], [])).toThrow(/differ in length: 1 and 0/);
  });
});
