import type { FeatureVector } from '../text/features.ts';

/**
 * A classifier over hashed feature vectors. The softmax model and the
 * mixture-of-experts model both implement it, so the student, the model
 * file and the benchmarks treat them alike.
 */
export interface ClassifierModel {
  /** Stable name written in model files, e.g. 'softmax' or 'moe'. */
  readonly kind: string;
  readonly classCount: number;
  /** Writes the raw scores (logits) of one feature vector into `out`. */
  logits(features: FeatureVector, out: Float32Array): void;
  /** Multiply-adds per appeal for `featureCount` features. */
  operations(featureCount: number): number;
}
