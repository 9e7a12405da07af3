import { ModelFormatError } from '../errors/index.ts';
import { MoeModel, validateArchitecture, type MoeArchitecture } from './moe-model.ts';
import type { Int8Matrix } from './quantize.ts';
import { QuantizedMoeModel, type MoeInt8Weights } from './quantized-moe-model.ts';

/** What the model file header records about an MoE model. */
export interface MoeHeaderFields {
  architecture: MoeArchitecture;
  /** Which inference path the loaded model uses. */
  inference: 'float' | 'int8';
  /** Number of stored (live) embedding rows. */
  rows: number;
  /**
   * Mixing rule of the experts. 'gate-probability-top1' weighs a single
   * routed expert by its gate probability. Files without the field were
   * written when a top-1 expert always had weight 1.
   */
  mixing?: 'gate-probability-top1';
}

/** True for the model classes this codec writes. */
export function isMoeModel(
  model: unknown,
): model is MoeModel | QuantizedMoeModel {
  return model instanceof MoeModel || model instanceof QuantizedMoeModel;
}

/**
 * Encodes the weights of an MoE model. Body layout, little-endian:
 * the live embedding rows as row-id deltas (int32), scales (float32) and
 * int8 values [rows × d]; then the gate, hidden, output and skip matrices,
 * each as per-row scales (float32) then int8 values; then the float32
 * biases of the gate, hidden, output and skip layers. A float model is
 * stored quantized, like the softmax kind, and loads as float again.
 */
export function encodeMoeBody(model: MoeModel | QuantizedMoeModel): {
  fields: MoeHeaderFields;
  body: Buffer;
} {
  const quantized =
    model instanceof QuantizedMoeModel ? model : QuantizedMoeModel.fromModel(model);
  const w = quantized.weights;
  const d = model.architecture.dimension;
  const live: number[] = [];
  for (let row = 0; row < w.embedding.rows; row++) {
    if (w.embedding.scales[row] !== 0) live.push(row);
  }
  const deltas = new Int32Array(live.length);
  const scales = new Float32Array(live.length);
  const values = new Int8Array(live.length * d);
  let previous = 0;
  live.forEach((row, i) => {
    deltas[i] = row - previous;
    previous = row;
    scales[i] = w.embedding.scales[row]!;
    values.set(w.embedding.values.subarray(row * d, row * d + d), i * d);
  });
  const bytes = (array: ArrayBufferView) =>
    Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  const matrix = (m: Int8Matrix) => [bytes(m.scales), bytes(m.values)];
  const body = Buffer.concat([
    bytes(deltas),
    bytes(scales),
    bytes(values),
    ...matrix(w.gate),
    ...matrix(w.hidden),
    ...matrix(w.output),
    ...matrix(w.skip),
    bytes(w.gateBias),
    bytes(w.hiddenBias),
    bytes(w.outputBias),
    bytes(w.skipBias),
  ]);
  return {
    fields: {
      architecture: { ...model.architecture },
      inference: model instanceof QuantizedMoeModel ? 'int8' : 'float',
      rows: live.length,
      mixing: 'gate-probability-top1',
    },
    body,
  };
}

/**
 * Decodes the weights written by `encodeMoeBody`.
 *
 * @throws ModelFormatError naming the file when the header fields are
 *   invalid or the body has the wrong length.
 */
export function decodeMoeBody(
  fields: MoeHeaderFields | undefined,
  body: Buffer,
  file: string,
  labelCount: number,
): MoeModel | QuantizedMoeModel {
  const fail = (message: string, cause?: unknown): never => {
    throw new ModelFormatError({ file, message, cause });
  };
  if (fields === undefined || typeof fields.architecture !== 'object') {
    fail(`model file "${file}" has kind "moe" but no architecture in its header. Train it again.`);
  }
  const a = fields!.architecture;
  try {
    validateArchitecture(a);
  } catch (error) {
    fail(`model file "${file}" has an invalid MoE architecture: ${(error as Error).message}. Train it again.`, error);
  }
  const { buckets, dimension: d, experts: n, hidden: h, classCount: classes } = a;
  if (n > 0 && a.topK === 1 && fields!.mixing !== 'gate-probability-top1') {
    // Its experts were trained with weight 1, so this build would predict differently.
    fail(
      `model file "${file}" is a top-1 MoE model written before top-1 experts were ` +
        'weighted by their gate probability. Train it again.',
    );
  }
  if (classes !== labelCount) {
    fail(`model file "${file}" has ${labelCount} labels but an MoE output of ${classes} classes. Train it again.`);
  }
  const skipRows = a.skip ? classes : 0;
  const rows = fields!.rows;
  const matrixBytes = (r: number, c: number) => r * 4 + r * c;
  const expected =
    rows * 8 +
    rows * d +
    matrixBytes(n, d) +
    matrixBytes(n * h, d) +
    matrixBytes(n * classes, h) +
    matrixBytes(skipRows, d) +
    4 * (n + n * h + n * classes + classes);
  if (!Number.isInteger(rows) || rows < 0 || body.length !== expected) {
    fail(
      `model file "${file}" has an MoE body of ${body.length} bytes, ` +
        `expected ${expected}. Restore the file or train it again.`,
    );
  }
  let offset = 0;
  const take = (length: number): ArrayBuffer => {
    const slice = new Uint8Array(length);
    slice.set(body.subarray(offset, offset + length));
    offset += length;
    return slice.buffer;
  };
  const matrix = (r: number, c: number): Int8Matrix => ({
    rows: r,
    cols: c,
    scales: new Float32Array(take(r * 4)),
    values: new Int8Array(take(r * c)),
  });
  const deltas = new Int32Array(take(rows * 4));
  const rowScales = new Float32Array(take(rows * 4));
  const rowValues = new Int8Array(take(rows * d));
  const embedding: Int8Matrix = {
    rows: buckets,
    cols: d,
    scales: new Float32Array(buckets),
    values: new Int8Array(buckets * d),
  };
  let row = 0;
  for (let i = 0; i < rows; i++) {
    row += deltas[i]!;
    if (row < 0 || row >= buckets) {
      fail(`model file "${file}" has an embedding row ${row} outside 0..${buckets - 1}. Restore the file or train it again.`);
    }
    embedding.scales[row] = rowScales[i]!;
    embedding.values.set(rowValues.subarray(i * d, i * d + d), row * d);
  }
  const weights: MoeInt8Weights = {
    embedding,
    gate: matrix(n, d),
    hidden: matrix(n * h, d),
    output: matrix(n * classes, h),
    skip: matrix(skipRows, d),
    gateBias: new Float32Array(take(n * 4)),
    hiddenBias: new Float32Array(take(n * h * 4)),
    outputBias: new Float32Array(take(n * classes * 4)),
    skipBias: new Float32Array(take(classes * 4)),
  };
  const quantized = new QuantizedMoeModel(a, weights);
  return fields!.inference === 'int8' ? quantized : quantized.toModel();
}
