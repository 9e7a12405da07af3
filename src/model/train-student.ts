import type { FeatureSettings } from '../text/features.ts';
import { fitTemperature, expectedCalibrationError } from './calibrate.ts';
import { computeMetrics, type ClassificationMetrics } from './metrics.ts';
import { softmaxInPlace } from './softmax-model.ts';
import { encodeExamples, splitTrainingExamples } from './split-and-encode.ts';
import type { ClassifierModel } from './classifier-model.ts';
import { CompactModel } from './compact-model.ts';
import { encodeCompact } from './compact-encoding.ts';
import type { EncodedDataset } from './encoded-dataset.ts';
import type { NgramSelection, SelectionOptions } from './ngram-selection.ts';
import { pruneCompact, pruneSoftmaxRows } from './prune-softmax.ts';
import { Student } from './student.ts';
import {
  trainSoftmax,
  type EpochReport,
  type SoftmaxTrainingOptions,
} from './train-softmax.ts';
import type { TrainingExample } from './training-example.ts';

/** Everything `trainStudent` needs besides the examples. */
export interface TrainStudentOptions {
  settings: FeatureSettings;
  training: SoftmaxTrainingOptions;
  /** Share of raw-text examples held out for early stopping and calibration. */
  validationFraction: number;
  /**
   * After early stopping, train again on all examples for the best number
   * of epochs, keeping the temperature fitted on the validation split.
   */
  refit: boolean;
  /**
   * Share of the non-zero weight rows to remove by magnitude after
   * training (see `pruneSoftmaxRows`); the validation metrics are measured
   * on the pruned model.
   */
  pruneRatio?: number;
  /**
   * Selection of the compact kind: the best χ²-scoring n-grams in a table
   * of 2^slotBits slots, shipped as an int8 `CompactModel`, so
   * `settings.buckets` is ignored. Without it the student is the hashed
   * softmax model.
   */
  selection?: SelectionOptions;
  /** Compact kind: 8 ships int8 weights, 32 keeps float32 to measure the difference. */
  compactBits?: 8 | 32;
  now?: () => Date;
  onEpoch?: (report: EpochReport, phase: 'search' | 'refit') => void;
}

/** What training measured, stored in the model file. */
export interface TrainingReport {
  examples: number;
  segmentedOnly: number;
  validationExamples: number;
  bestEpoch: number;
  temperature: number;
  validation: ClassificationMetrics;
  expectedCalibrationError: number;
  seconds: number;
  history: EpochReport[];
}

/**
 * Trains the student: validation split (raw-text rows only, duplicates kept
 * together), AdaGrad with early stopping on validation macro-F1, temperature
 * scaling on the validation logits, then an optional refit on everything.
 *
 * @throws InvalidArgumentError when there are fewer than two labels or too
 *   few raw-text examples to validate on.
 */
export function trainStudent(
  examples: readonly TrainingExample[],
  options: TrainStudentOptions,
): { student: Student; report: TrainingReport } {
  const started = performance.now();
  const { labels, kept, heldOut } = splitTrainingExamples(
    examples,
    options.validationFraction,
    options.training.seed,
  );
  const selectionOptions = options.selection;
  const settings: FeatureSettings = selectionOptions
    ? { ...options.settings, buckets: 2 ** selectionOptions.slotBits }
    : options.settings;
  const ngrams = { min: settings.charNgramMin, max: settings.charNgramMax };
  let trainSet: EncodedDataset;
  let validationSet: EncodedDataset;
  let selection: NgramSelection | null = null;
  if (selectionOptions) {
    const encoded = encodeCompact(kept, heldOut, labels, settings, selectionOptions);
    trainSet = encoded.train;
    validationSet = encoded.validation!;
    selection = encoded.selection;
  } else {
    trainSet = encodeExamples(kept, labels, settings);
    validationSet = encodeExamples(heldOut, labels, settings);
  }
  const { buckets } = settings;
  const search = trainSoftmax(
    trainSet,
    validationSet,
    buckets,
    labels.length,
    options.training,
    (report) => options.onEpoch?.(report, 'search'),
  );

  const pruneRatio = options.pruneRatio ?? 0;
  const bits = options.compactBits ?? 8;
  if (pruneRatio > 0 && selection) {
    selection = pruneCompact(search.model, selection, pruneRatio);
  } else if (pruneRatio > 0) {
    pruneSoftmaxRows(search.model, pruneRatio);
  }
  // The validation metrics are those of the model as shipped: for the
  // compact kind, its int8 table.
  const searched: ClassifierModel = selection
    ? CompactModel.fromSoftmax(search.model, selection, ngrams, bits)
    : search.model;
  const validationLogits = logitsOfRows(searched, validationSet);
  const targets = Array.from(validationSet.targets);
  const temperature = fitTemperature(validationLogits, targets);
  const predicted: string[] = [];
  const confidences: number[] = [];
  const correct: boolean[] = [];
  validationLogits.forEach((logits, i) => {
    const probabilities = logits.slice();
    softmaxInPlace(probabilities, temperature);
    let best = 0;
    for (let c = 1; c < labels.length; c++) {
      if (probabilities[c]! > probabilities[best]!) best = c;
    }
    predicted.push(labels[best]!);
    confidences.push(probabilities[best]!);
    correct.push(best === targets[i]);
  });
  const validation = computeMetrics(
    heldOut.map((row) => row.label),
    predicted,
    labels,
  );

  let model = searched;
  const history = [...search.history];
  if (options.refit) {
    let all: EncodedDataset;
    let allSelection: NgramSelection | null = null;
    if (selectionOptions) {
      const encoded = encodeCompact(examples, null, labels, settings, selectionOptions);
      all = encoded.train;
      allSelection = encoded.selection;
    } else {
      all = encodeExamples(examples, labels, settings);
    }
    const refit = trainSoftmax(
      all,
      null,
      buckets,
      labels.length,
      { ...options.training, fixedEpochs: search.bestEpoch },
      (report) => options.onEpoch?.(report, 'refit'),
    );
    if (pruneRatio > 0 && allSelection) {
      allSelection = pruneCompact(refit.model, allSelection, pruneRatio);
    } else if (pruneRatio > 0) {
      pruneSoftmaxRows(refit.model, pruneRatio);
    }
    model = allSelection
      ? CompactModel.fromSoftmax(refit.model, allSelection, ngrams, bits)
      : refit.model;
    history.push(...refit.history);
  }

  const report: TrainingReport = {
    examples: examples.length,
    segmentedOnly: examples.filter((e) => e.segmentedOnly).length,
    validationExamples: heldOut.length,
    bestEpoch: search.bestEpoch,
    temperature,
    validation,
    expectedCalibrationError: expectedCalibrationError(confidences, correct),
    seconds: (performance.now() - started) / 1000,
    history,
  };
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  const student = new Student({
    labels,
    settings,
    model,
    temperature,
    metadata: {
      version: `student-${createdAt.replace(/[-:.TZ]/g, '').slice(0, 14)}`,
      createdAt,
      training: {
        examples: report.examples,
        segmentedOnly: report.segmentedOnly,
        bestEpoch: report.bestEpoch,
        refit: options.refit,
        pruneRatio,
        ...(selection ? { selection: selectionOptions, selectedNgrams: selection.placed } : {}),
        options: options.training,
        validationFraction: options.validationFraction,
        seconds: report.seconds,
      },
      metrics: {
        validation: {
          n: validation.n,
          accuracy: validation.accuracy,
          macroF1: validation.macroF1,
          expectedCalibrationError: report.expectedCalibrationError,
        },
      },
    },
  });
  return { student, report };
}

/** Logits of every row of an encoded dataset. */
function logitsOfRows(model: ClassifierModel, data: EncodedDataset): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let row = 0; row < data.size; row++) {
    const start = data.offsets[row]!;
    const end = data.offsets[row + 1]!;
    const out = new Float32Array(model.classCount);
    model.logits(
      { ids: data.ids.subarray(start, end), weights: data.weights.subarray(start, end), count: end - start },
      out,
    );
    rows.push(out);
  }
  return rows;
}
