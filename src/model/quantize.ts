/**
 * A matrix quantized row by row to int8: value ≈ values[r·cols + c] ·
 * scales[r], with scale = max |row| / 127 (symmetric, zero stays zero).
 */
export interface Int8Matrix {
  rows: number;
  cols: number;
  values: Int8Array;
  scales: Float32Array;
}

/** Quantizes a row-major [rows × cols] matrix with one scale per row. */
export function quantizeRows(
  matrix: Float32Array,
  rows: number,
  cols: number,
): Int8Matrix {
  if (matrix.length !== rows * cols) {
    throw new RangeError(
      `matrix has ${matrix.length} values, expected ${rows} × ${cols}`,
    );
  }
  const values = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    let max = 0;
    for (let c = 0; c < cols; c++) {
      max = Math.max(max, Math.abs(matrix[offset + c]!));
    }
    if (max === 0) continue;
    const scale = max / 127;
    scales[r] = scale;
    for (let c = 0; c < cols; c++) {
      values[offset + c] = Math.round(matrix[offset + c]! / scale);
    }
  }
  return { rows, cols, values, scales };
}

/** Expands an int8 matrix back to float32. */
export function dequantizeRows(matrix: Int8Matrix): Float32Array {
  const out = new Float32Array(matrix.rows * matrix.cols);
  for (let r = 0; r < matrix.rows; r++) {
    const scale = matrix.scales[r]!;
    const offset = r * matrix.cols;
    for (let c = 0; c < matrix.cols; c++) {
      out[offset + c] = matrix.values[offset + c]! * scale;
    }
  }
  return out;
}

/**
 * Quantizes a vector to int8 with one scale (max |v| / 127) and returns
 * the scale; `out` receives the int8 values.
 */
export function quantizeVector(
  vector: Float32Array | Float64Array,
  length: number,
  out: Int8Array,
): number {
  let max = 0;
  for (let i = 0; i < length; i++) max = Math.max(max, Math.abs(vector[i]!));
  if (max === 0) {
    out.fill(0, 0, length);
    return 0;
  }
  const scale = max / 127;
  for (let i = 0; i < length; i++) out[i] = Math.round(vector[i]! / scale);
  return scale;
}

/**
 * out[r] = (Σ_c W[r, c] · x[c]) · scales[r] · inputScale + bias[r]: the dot
 * products run on int8 values with an integer accumulator (exact in a
 * double up to 2^53) and are dequantized once per output.
 */
export function int8MatrixVector(
  matrix: Int8Matrix,
  rowStart: number,
  rowCount: number,
  input: Int8Array,
  inputScale: number,
  bias: Float32Array,
  biasStart: number,
  out: Float32Array | Float64Array,
): void {
  const cols = matrix.cols;
  const values = matrix.values;
  for (let r = 0; r < rowCount; r++) {
    const row = rowStart + r;
    const offset = row * cols;
    let accumulator = 0;
    for (let c = 0; c < cols; c++) accumulator += values[offset + c]! * input[c]!;
    out[r] = accumulator * matrix.scales[row]! * inputScale + bias[biasStart + r]!;
  }
}
