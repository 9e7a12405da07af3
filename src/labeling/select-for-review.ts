import { kCenterGreedy } from './k-center-greedy.ts';
import { uncertainty, type UncertaintyMeasure } from './uncertainty.ts';

/** Settings of active selection. */
export interface SelectionOptions {
  measure: UncertaintyMeasure;
  /**
   * The most uncertain `poolFactor × batchSize` candidates form the pool
   * that k-center greedy picks the batch from; 1 is pure uncertainty,
   * a large value approaches pure diversity.
   */
  poolFactor: number;
}

export const defaultSelectionOptions: SelectionOptions = {
  measure: 'margin',
  poolFactor: 4,
};

/**
 * Picks a batch of unlabelled appeals for review: uncertainty narrows the
 * candidates to a pool, then k-center greedy over their feature sketches
 * spreads the batch so that it does not ask about near-duplicates. The
 * first pick is the most uncertain candidate unless `covered` (sketches of
 * labelled appeals) is given.
 *
 * @param probabilities student probabilities of each candidate
 * @param sketches unit-length feature sketches of each candidate
 * @returns candidate indexes, in selection order
 */
export function selectForReview(
  probabilities: readonly ArrayLike<number>[],
  sketches: readonly Float32Array[],
  batchSize: number,
  options: SelectionOptions = defaultSelectionOptions,
  covered: readonly Float32Array[] = [],
): number[] {
  if (probabilities.length !== sketches.length) {
    throw new RangeError(
      `${probabilities.length} probability rows for ${sketches.length} sketches`,
    );
  }
  const scores = probabilities.map((row) => uncertainty(row, options.measure));
  const order = scores
    .map((score, index) => ({ score, index }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const poolSize = Math.min(
    order.length,
    Math.max(batchSize, Math.ceil(batchSize * options.poolFactor)),
  );
  const pool = order.slice(0, poolSize).map((entry) => entry.index);
  const picked = kCenterGreedy(
    pool.map((index) => sketches[index]!),
    batchSize,
    covered,
    0,
  );
  return picked.map((position) => pool[position]!);
}

/** Uncertainty scores of many probability rows (see `uncertainty`). */
export function uncertaintyScores(
  probabilities: readonly ArrayLike<number>[],
  measure: UncertaintyMeasure,
): number[] {
  return probabilities.map((row) => uncertainty(row, measure));
}
