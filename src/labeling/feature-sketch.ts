import type { EncodedDataset } from '../model/encoded-dataset.ts';

/**
 * Projects row `row` of a hashed feature dataset to a dense vector of
 * `dimensions` values with a count sketch (each bucket id hashes to one
 * coordinate and a sign), then normalises it to unit length. Inner
 * products, and so cosine similarities, are preserved in expectation;
 * 256 dimensions keep the error of one cosine near 1/√256 ≈ 0.06.
 */
export function sketchRow(
  data: EncodedDataset,
  row: number,
  dimensions: number,
): Float32Array {
  const out = new Float32Array(dimensions);
  for (let k = data.offsets[row]!; k < data.offsets[row + 1]!; k++) {
    const id = data.ids[k]!;
    const hash = Math.imul(id ^ 0x5bd1e995, 0x9e3779b1) >>> 0;
    const coordinate = hash % dimensions;
    const sign = (hash >>> 31) === 1 ? -1 : 1;
    out[coordinate]! += sign * data.weights[k]!;
  }
  let norm = 0;
  for (const value of out) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < dimensions; i++) out[i]! *= scale;
  return out;
}

/** Sketches every row of a dataset (see `sketchRow`). */
export function sketchRows(
  data: EncodedDataset,
  dimensions: number,
): Float32Array[] {
  return Array.from({ length: data.size }, (_, row) =>
    sketchRow(data, row, dimensions),
  );
}
