import { describe, expect, it } from 'vitest';
import { dominates, paretoFront, paretoRanks } from '../../src/nas/pareto-front.ts';

// Objectives: [-macroF1, operations], both minimised.
const points = [
  { name: 'a', objectives: [-0.88, 3000] },
  { name: 'b', objectives: [-0.86, 1000] },
  { name: 'c', objectives: [-0.85, 2000] },
  { name: 'd', objectives: [-0.88, 4000] },
  { name: 'e', objectives: [-0.90, 9000] },
  { name: 'f', objectives: [-0.86, 1000] },
];

describe('paretoFront', () => {
  it('keeps the non-dominated points', () => {
    expect(paretoFront(points).map((p) => p.name)).toEqual(['a', 'b', 'e', 'f']);
  });

  it('dominance needs one strict gain', () => {
    expect(dominates(points[1]!, points[5]!)).toBe(false);
    expect(dominates(points[0]!, points[3]!)).toBe(true);
    expect(dominates(points[3]!, points[0]!)).toBe(false);
  });

  it('ranks later fronts', () => {
    expect(paretoRanks(points)).toEqual([0, 0, 1, 1, 0, 0]);
  });
});
