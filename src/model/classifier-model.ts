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

/**
 * A classifier that reads the text itself (it hashes its own features), so
 * the student skips its featurizer.
 */
export interface TextClassifierModel extends ClassifierModel {
  /** Writes the logits of a text (Simplified or Traditional) into `out`. */
  logitsOfText(text: string, out: Float32Array): void;
  /** Counts the operations of one prediction of `text`. */
  operationsForText(text: string): number;
}

/** Tells whether a model reads text directly. */
export function readsText(model: ClassifierModel): model is TextClassifierModel {
  return typeof (model as Partial<TextClassifierModel>).logitsOfText === 'function';
}
