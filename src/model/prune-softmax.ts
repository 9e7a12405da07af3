import { NgramSelection } from './ngram-selection.ts';
import type { SoftmaxModel } from './softmax-model.ts';

/**
 * Zeroes the weight rows (hash buckets) with the smallest L2 norm, in
 * place, so that `ratio` of the rows that were non-zero become zero. A zero
 * row is not stored in the model file, so this shrinks the file in
 * proportion; a text whose n-grams fall in removed rows simply gets no
 * score from them. Returns the number of rows kept.
 *
 * @throws RangeError when `ratio` is outside [0, 1).
 */
export function pruneSoftmaxRows(model: SoftmaxModel, ratio: number): number {
  if (!(ratio >= 0 && ratio < 1)) {
    throw new RangeError(`prune ratio must be in [0, 1), got ${ratio}`);
  }
  const classes = model.classCount;
  const weights = model.weights;
  const rows: number[] = [];
  const norms: number[] = [];
  for (let row = 0; row < model.buckets; row++) {
    let norm = 0;
    for (let c = 0; c < classes; c++) {
      const value = weights[row * classes + c]!;
      norm += value * value;
    }
    if (norm > 0) {
      rows.push(row);
      norms.push(norm);
    }
  }
  const removeCount = Math.floor(rows.length * ratio);
  if (removeCount === 0) return rows.length;
  const order = rows.map((_, i) => i).sort((a, b) => norms[a]! - norms[b]!);
  for (let i = 0; i < removeCount; i++) {
    const row = rows[order[i]!]!;
    weights.fill(0, row * classes, (row + 1) * classes);
  }
  return rows.length - removeCount;
}

/**
 * Removes the `ratio` of selected slots whose weight rows have the smallest
 * L2 norm: their rows become zero and their slots empty, so a pruned
 * n-gram costs a prediction nothing past its probe.
 */
export function pruneCompact(
  model: SoftmaxModel,
  selection: NgramSelection,
  ratio: number,
): NgramSelection {
  if (ratio === 0) return selection;
  pruneSoftmaxRows(model, ratio);
  const owners = selection.owners.slice();
  const classes = model.classCount;
  for (let slot = 0; slot < owners.length; slot++) {
    let live = false;
    for (let c = 0; c < classes && !live; c++) live = model.weights[slot * classes + c] !== 0;
    if (!live) owners[slot] = -1;
  }
  return new NgramSelection(selection.slotBits, owners);
}
