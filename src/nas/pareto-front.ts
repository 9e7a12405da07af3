/**
 * A point to compare: its objective values, every one to be minimised
 * (negate a value that should be maximised, such as macro-F1).
 */
export interface ObjectivePoint {
  objectives: readonly number[];
}

/** True when `a` is no worse than `b` in every objective and better in one. */
export function dominates(a: ObjectivePoint, b: ObjectivePoint): boolean {
  let better = false;
  for (let i = 0; i < a.objectives.length; i++) {
    const x = a.objectives[i]!;
    const y = b.objectives[i]!;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Returns the non-dominated points (the Pareto front) in input order.
 * Points with equal objectives are all kept.
 */
export function paretoFront<T extends ObjectivePoint>(points: readonly T[]): T[] {
  return points.filter(
    (point) => !points.some((other) => other !== point && dominates(other, point)),
  );
}

/**
 * Returns each point's non-dominated sorting rank: 0 for the front, 1 for
 * the front of what remains, and so on (as in NSGA-II).
 */
export function paretoRanks(points: readonly ObjectivePoint[]): number[] {
  const ranks = new Array<number>(points.length).fill(-1);
  let remaining = points.map((_, i) => i);
  let rank = 0;
  while (remaining.length > 0) {
    const front = remaining.filter(
      (i) => !remaining.some((j) => j !== i && dominates(points[j]!, points[i]!)),
    );
    for (const i of front) ranks[i] = rank;
    remaining = remaining.filter((i) => ranks[i] === -1);
    rank++;
  }
  return ranks;
}
