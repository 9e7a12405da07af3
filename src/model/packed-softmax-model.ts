import type { FeatureVector } from '../text/features.ts';
import type { ClassifierModel } from './classifier-model.ts';
import type { SoftmaxModel } from './softmax-model.ts';

/** Bytes per packed row: up to 7 int8 class weights and one scale code. */
const rowBytes = 8;
/** Scale codes step by 2^(1/8), so a code spans scales 2^-16 … 2^16. */
const codeStep = 8;
const codeOffset = 128;

/** Scale of each code: 2^((code - 128) / 8). */
const scaleOfCode = Float32Array.from(
  { length: 256 },
  (_, code) => 2 ** ((code - codeOffset) / codeStep),
);

/**
 * Int8 inference form of the softmax model. Each hash bucket is one 8-byte
 * row: the class weights as int8 and a one-byte code of the row's scale
 * (a power of 2^(1/8)). With 2^20 buckets the table is 8 MB instead of the
 * 29 MB of float32, so the random row reads of a prediction hit the cache
 * far more often; the prediction cost is dominated by those reads.
 * Quantization error per weight is at most half the row's scale step.
 */
export class PackedSoftmaxModel implements ClassifierModel {
  readonly kind = 'softmax-int8';
  readonly classCount: number;
  readonly buckets: number;
  readonly rows: Int8Array;
  readonly bias: Float32Array;

  private constructor(buckets: number, classCount: number, rows: Int8Array, bias: Float32Array) {
    this.buckets = buckets;
    this.classCount = classCount;
    this.rows = rows;
    this.bias = bias;
  }

  /**
   * Quantizes a float softmax model row by row.
   *
   * @throws RangeError when the model has more than 7 classes, which do not
   *   fit the 8-byte row.
   */
  static fromModel(model: SoftmaxModel): PackedSoftmaxModel {
    const classes = model.classCount;
    if (classes > rowBytes - 1) {
      throw new RangeError(
        `the packed int8 model holds up to ${rowBytes - 1} classes, got ${classes}`,
      );
    }
    const rows = new Int8Array(model.buckets * rowBytes);
    const codes = new Uint8Array(rows.buffer);
    for (let row = 0; row < model.buckets; row++) {
      const offset = row * classes;
      let max = 0;
      for (let c = 0; c < classes; c++) {
        max = Math.max(max, Math.abs(model.weights[offset + c]!));
      }
      if (max === 0) continue;
      // Round the scale up to the next code, so |w / scale| stays <= 127.
      const code = Math.min(
        255,
        Math.max(0, Math.ceil(Math.log2(max / 127) * codeStep) + codeOffset),
      );
      const scale = scaleOfCode[code]!;
      for (let c = 0; c < classes; c++) {
        const quantized = Math.round(model.weights[offset + c]! / scale);
        rows[row * rowBytes + c] = Math.max(-127, Math.min(127, quantized));
      }
      codes[row * rowBytes + rowBytes - 1] = code;
    }
    return new PackedSoftmaxModel(model.buckets, classes, rows, model.bias.slice());
  }

  logits(features: FeatureVector, out: Float32Array): void {
    const classes = this.classCount;
    const rows = this.rows;
    const codes = new Uint8Array(rows.buffer, rows.byteOffset, rows.length);
    out.set(this.bias);
    for (let k = 0; k < features.count; k++) {
      const base = features.ids[k]! * rowBytes;
      const scaled = features.weights[k]! * scaleOfCode[codes[base + rowBytes - 1]!]!;
      for (let c = 0; c < classes; c++) {
        out[c]! += rows[base + c]! * scaled;
      }
    }
  }

  operations(featureCount: number): number {
    return featureCount * (this.classCount + 1) + this.classCount;
  }
}
