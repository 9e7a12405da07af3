import type { FeatureVector } from '../text/features.ts';
import type { ClassifierModel } from './classifier-model.ts';

/**
 * Sparse linear softmax classifier over hashed features: one row of
 * `classCount` weights per bucket plus a bias. Its cost per appeal is
 * (features × classes) multiply-adds, a few microseconds.
 */
export class SoftmaxModel implements ClassifierModel {
  readonly kind = 'softmax';
  readonly buckets: number;
  readonly classCount: number;
  /** Row-major [buckets × classCount]. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;

  constructor(
    buckets: number,
    classCount: number,
    weights?: Float32Array,
    bias?: Float32Array,
  ) {
    this.buckets = buckets;
    this.classCount = classCount;
    this.weights = weights ?? new Float32Array(buckets * classCount);
    this.bias = bias ?? new Float32Array(classCount);
    if (this.weights.length !== buckets * classCount) {
      throw new RangeError(
        `weights have ${this.weights.length} values, expected ${buckets * classCount}`,
      );
    }
  }

  /** Writes the raw scores (logits) of one feature vector into `out`. */
  logits(features: FeatureVector, out: Float32Array): void {
    const classes = this.classCount;
    const weights = this.weights;
    out.set(this.bias);
    for (let k = 0; k < features.count; k++) {
      const offset = features.ids[k]! * classes;
      const value = features.weights[k]!;
      for (let c = 0; c < classes; c++) {
        out[c]! += weights[offset + c]! * value;
      }
    }
  }

  /** Multiply-adds per appeal for `featureCount` features. */
  operations(featureCount: number): number {
    return featureCount * this.classCount + this.classCount;
  }
}

/** Turns logits into probabilities in place, with a temperature. */
export function softmaxInPlace(values: Float32Array, temperature = 1): void {
  let max = -Infinity;
  for (let c = 0; c < values.length; c++) max = Math.max(max, values[c]!);
  let sum = 0;
  for (let c = 0; c < values.length; c++) {
    const value = Math.exp((values[c]! - max) / temperature);
    values[c] = value;
    sum += value;
  }
  for (let c = 0; c < values.length; c++) values[c]! /= sum;
}
