import { encodeDataset, type EncodedDataset } from '../model/encoded-dataset.ts';
import { createRandom, shuffle } from '../model/random.ts';
import { logitsOf, trainSoftmax, type SoftmaxTrainingOptions } from '../model/train-softmax.ts';
import { softmaxInPlace } from '../model/softmax-model.ts';
import type { TrainingExample } from '../model/training-example.ts';
import type { FeatureSettings } from '../text/features.ts';

/**
 * Assigns each example to one of `folds` folds: groups (duplicates) stay
 * together, and the groups of each label are dealt round-robin after a
 * seeded shuffle, so every fold gets a similar label mix.
 */
export function assignFolds(
  examples: readonly TrainingExample[],
  folds: number,
  seed: number,
): Int32Array {
  const groupsByLabel = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const example of examples) {
    if (seen.has(example.group)) continue;
    seen.add(example.group);
    const list = groupsByLabel.get(example.label) ?? [];
    list.push(example.group);
    groupsByLabel.set(example.label, list);
  }
  const random = createRandom(seed);
  const foldOfGroup = new Map<string, number>();
  let next = 0;
  for (const label of [...groupsByLabel.keys()].sort()) {
    for (const group of shuffle(groupsByLabel.get(label)!, random)) {
      foldOfGroup.set(group, next % folds);
      next += 1;
    }
  }
  return Int32Array.from(examples, (example) => foldOfGroup.get(example.group)!);
}

/**
 * Out-of-fold predicted probabilities: k models, each trained on k − 1
 * folds for a fixed number of epochs, predict the fold they did not see.
 * Row i of the result is the probability vector of example i, indexed like
 * `labels`.
 */
export function outOfFoldProbabilities(
  examples: readonly TrainingExample[],
  labels: readonly string[],
  options: {
    folds: number;
    settings: FeatureSettings;
    training: SoftmaxTrainingOptions;
    epochs: number;
  },
): Float32Array[] {
  const index = new Map(labels.map((label, i) => [label, i]));
  const targets = examples.map((example) => index.get(example.label) ?? 0);
  const encoded = encodeDataset(
    examples.map((example) => example.text),
    targets,
    options.settings,
  );
  const fold = assignFolds(examples, options.folds, options.training.seed);
  const result: Float32Array[] = examples.map(
    () => new Float32Array(labels.length),
  );
  for (let k = 0; k < options.folds; k++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < examples.length; i++) {
      (fold[i] === k ? testRows : trainRows).push(i);
    }
    if (testRows.length === 0) continue;
    const subset = selectRows(encoded, trainRows);
    const { model } = trainSoftmax(
      subset,
      null,
      options.settings.buckets,
      labels.length,
      { ...options.training, fixedEpochs: options.epochs },
    );
    for (const row of testRows) {
      const out = result[row]!;
      logitsOf(model, encoded, row, out);
      softmaxInPlace(out);
    }
  }
  return result;
}

/** Copies the given rows of an encoded dataset into a new one. */
export function selectRows(
  data: EncodedDataset,
  rows: readonly number[],
): EncodedDataset {
  let total = 0;
  for (const row of rows) total += data.offsets[row + 1]! - data.offsets[row]!;
  const offsets = new Int32Array(rows.length + 1);
  const ids = new Int32Array(total);
  const weights = new Float32Array(total);
  const targets = new Int32Array(rows.length);
  let used = 0;
  rows.forEach((row, i) => {
    const start = data.offsets[row]!;
    const end = data.offsets[row + 1]!;
    ids.set(data.ids.subarray(start, end), used);
    weights.set(data.weights.subarray(start, end), used);
    used += end - start;
    offsets[i + 1] = used;
    targets[i] = data.targets[row]!;
  });
  return { offsets, ids, weights, targets, size: rows.length };
}
