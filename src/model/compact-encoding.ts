import type { FeatureSettings } from '../text/features.ts';
import { NgramHasher } from '../text/ngram-hashes.ts';
import type { EncodedDataset } from './encoded-dataset.ts';
import {
  encodeSelected,
  hashTexts,
  selectNgrams,
  type NgramSelection,
  type SelectionOptions,
} from './ngram-selection.ts';
import type { TrainingExample } from './training-example.ts';

/** Slot features of the training and validation rows, and the selection they use. */
export interface CompactEncoding {
  selection: NgramSelection;
  train: EncodedDataset;
  validation: EncodedDataset | null;
}

function targetsOf(examples: readonly TrainingExample[], labels: readonly string[]): Int32Array {
  const index = new Map(labels.map((label, i) => [label, i]));
  return Int32Array.from(examples.map((row) => index.get(row.label)!));
}

/**
 * Selects n-grams on the training rows only (χ², see `selectNgrams`) and
 * encodes both parts with that selection, so validation rows never
 * influence which n-grams are kept.
 */
export function encodeCompact(
  train: readonly TrainingExample[],
  validation: readonly TrainingExample[] | null,
  labels: readonly string[],
  settings: FeatureSettings,
  selectionOptions: SelectionOptions,
): CompactEncoding {
  const hasher = new NgramHasher(settings.charNgramMin, settings.charNgramMax);
  const trainTexts = hashTexts(train.map((row) => row.text), hasher);
  const trainTargets = targetsOf(train, labels);
  const selection = selectNgrams(trainTexts, trainTargets, labels.length, selectionOptions);
  return {
    selection,
    train: encodeSelected(trainTexts, trainTargets, selection),
    validation:
      validation === null
        ? null
        : encodeSelected(
            hashTexts(validation.map((row) => row.text), hasher),
            targetsOf(validation, labels),
            selection,
          ),
  };
}
