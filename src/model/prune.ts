import type { MoeModel } from './moe-model.ts';

/** How much of a MoE model to prune by magnitude. */
export interface PruneOptions {
  /**
   * Share of the live embedding rows to remove, smallest L2 norm first
   * (structured: a removed row costs no multiply-adds and no file bytes).
   */
  rowRatio: number;
  /** Share of the dense weights (gate, experts, skip) to set to zero. */
  weightRatio: number;
  /**
   * 'per-layer' prunes `weightRatio` of each dense matrix; 'global' uses
   * one magnitude threshold over all dense matrices together.
   */
  scope: 'per-layer' | 'global';
}

/** What pruning removed. */
export interface PruneReport {
  rowsBefore: number;
  rowsAfter: number;
  weightsZeroed: number;
}

function threshold(magnitudes: Float32Array | Float64Array, ratio: number): number {
  if (ratio <= 0 || magnitudes.length === 0) return -1;
  const sorted = Float64Array.from(magnitudes).sort();
  const index = Math.min(sorted.length - 1, Math.floor(ratio * sorted.length) - 1);
  return index < 0 ? -1 : sorted[index]!;
}

/**
 * Prunes a model in place by magnitude and refreshes its live rows. Values
 * equal to the threshold are removed too, so ties may remove slightly more
 * than the ratio.
 *
 * @throws RangeError when a ratio is outside [0, 1).
 */
export function pruneMoe(model: MoeModel, options: PruneOptions): PruneReport {
  for (const [name, ratio] of [
    ['rowRatio', options.rowRatio],
    ['weightRatio', options.weightRatio],
  ] as const) {
    if (!(ratio >= 0 && ratio < 1)) {
      throw new RangeError(`${name} must be in [0, 1), got ${ratio}`);
    }
  }
  const { buckets, dimension: d } = model.architecture;
  model.refreshLiveRows();
  const liveRows: number[] = [];
  for (let row = 0; row < buckets; row++) {
    if (model.liveRows[row] === 1) liveRows.push(row);
  }
  const norms = new Float64Array(liveRows.length);
  liveRows.forEach((row, i) => {
    let sum = 0;
    for (let j = row * d; j < row * d + d; j++) sum += model.embedding[j]! ** 2;
    norms[i] = Math.sqrt(sum);
  });
  const rowLimit = threshold(norms, options.rowRatio);
  liveRows.forEach((row, i) => {
    if (norms[i]! <= rowLimit) model.embedding.fill(0, row * d, row * d + d);
  });
  model.refreshLiveRows();
  let rowsAfter = 0;
  for (let row = 0; row < buckets; row++) rowsAfter += model.liveRows[row]!;

  const matrices = [
    model.gateWeights,
    model.hiddenWeights,
    model.outputWeights,
    model.skipWeights,
  ].filter((matrix) => matrix.length > 0);
  let weightsZeroed = 0;
  const zeroBelow = (matrix: Float32Array, limit: number) => {
    for (let i = 0; i < matrix.length; i++) {
      if (matrix[i] !== 0 && Math.abs(matrix[i]!) <= limit) {
        matrix[i] = 0;
        weightsZeroed++;
      }
    }
  };
  if (options.scope === 'global') {
    const all = new Float64Array(matrices.reduce((sum, m) => sum + m.length, 0));
    let offset = 0;
    for (const matrix of matrices) {
      for (let i = 0; i < matrix.length; i++) all[offset++] = Math.abs(matrix[i]!);
    }
    const limit = threshold(all, options.weightRatio);
    for (const matrix of matrices) zeroBelow(matrix, limit);
  } else {
    for (const matrix of matrices) {
      zeroBelow(matrix, threshold(matrix.map(Math.abs), options.weightRatio));
    }
  }
  return { rowsBefore: liveRows.length, rowsAfter, weightsZeroed };
}
