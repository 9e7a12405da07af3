import { InvalidArgumentError } from '../errors/index.ts';
import type { FeatureSettings } from '../text/features.ts';
import { encodeDataset, type EncodedDataset } from './encoded-dataset.ts';
import { createRandom } from './random.ts';
import { splitExamples } from './split.ts';
import type { TrainingExample } from './training-example.ts';

/** The train and validation parts of the training file, encoded. */
export interface EncodedSplit {
  labels: string[];
  kept: TrainingExample[];
  heldOut: TrainingExample[];
  train: EncodedDataset;
  validation: EncodedDataset;
}

/**
 * Splits examples for training (raw-text rows only in validation,
 * duplicates kept together, seeded) and encodes both parts.
 *
 * @throws InvalidArgumentError for fewer than two labels or a validation
 *   split smaller than the label count.
 */
export function splitAndEncode(
  examples: readonly TrainingExample[],
  settings: FeatureSettings,
  validationFraction: number,
  seed: number,
): EncodedSplit {
  const { labels, kept, heldOut } = splitTrainingExamples(examples, validationFraction, seed);
  return {
    labels,
    kept,
    heldOut,
    train: encodeExamples(kept, labels, settings),
    validation: encodeExamples(heldOut, labels, settings),
  };
}

/**
 * Splits examples as `splitAndEncode` does, without encoding them, and
 * returns the sorted labels, the training part and the validation part.
 *
 * @throws InvalidArgumentError as `splitAndEncode` does.
 */
export function splitTrainingExamples(
  examples: readonly TrainingExample[],
  validationFraction: number,
  seed: number,
): { labels: string[]; kept: TrainingExample[]; heldOut: TrainingExample[] } {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) {
    throw new InvalidArgumentError({
      parameter: '--data',
      value: labels,
      message:
        `training data has ${labels.length} distinct label(s); a ` +
        'classifier needs at least two. Check the label column.',
    });
  }
  const { kept, heldOut } = splitExamples(
    examples,
    validationFraction,
    createRandom(seed),
    (example) => !example.segmentedOnly,
  );
  if (heldOut.length < labels.length) {
    throw new InvalidArgumentError({
      parameter: '--validation',
      value: validationFraction,
      message:
        `the validation split has ${heldOut.length} raw-text examples for ` +
        `${labels.length} labels. Raise --validation or add raw-text rows.`,
    });
  }
  return { labels, kept, heldOut };
}

/**
 * Encodes labelled examples with targets indexed like `labels`; every
 * example's label must be one of them.
 */
export function encodeExamples(
  examples: readonly TrainingExample[],
  labels: readonly string[],
  settings: FeatureSettings,
): EncodedDataset {
  const index = new Map(labels.map((label, i) => [label, i]));
  return encodeDataset(
    examples.map((row) => row.text),
    examples.map((row) => index.get(row.label)!),
    settings,
  );
}
