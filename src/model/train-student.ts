import type { FeatureSettings } from '../text/features.ts';
import { fitTemperature, expectedCalibrationError } from './calibrate.ts';
import { computeMetrics, type ClassificationMetrics } from './metrics.ts';
import { softmaxInPlace } from './softmax-model.ts';
import { encodeExamples, splitAndEncode } from './split-and-encode.ts';
import { pruneSoftmaxRows } from './prune-softmax.ts';
import { Student } from './student.ts';
import {
  trainSoftmax,
  logitsOf,
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
  const split = splitAndEncode(
    examples,
    options.settings,
    options.validationFraction,
    options.training.seed,
  );
  const { labels, heldOut } = split;
  const trainSet = split.train;
  const validationSet = split.validation;
  const { buckets } = options.settings;
  const search = trainSoftmax(
    trainSet,
    validationSet,
    buckets,
    labels.length,
    options.training,
    (report) => options.onEpoch?.(report, 'search'),
  );

  const pruneRatio = options.pruneRatio ?? 0;
  if (pruneRatio > 0) pruneSoftmaxRows(search.model, pruneRatio);
  const validationLogits: Float32Array[] = [];
  for (let row = 0; row < validationSet.size; row++) {
    const out = new Float32Array(labels.length);
    logitsOf(search.model, validationSet, row, out);
    validationLogits.push(out);
  }
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

  let model = search.model;
  const history = [...search.history];
  if (options.refit) {
    const all = encodeExamples(examples, labels, options.settings);
    const refit = trainSoftmax(
      all,
      null,
      buckets,
      labels.length,
      { ...options.training, fixedEpochs: search.bestEpoch },
      (report) => options.onEpoch?.(report, 'refit'),
    );
    model = refit.model;
    if (pruneRatio > 0) pruneSoftmaxRows(refit.model, pruneRatio);
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
    settings: options.settings,
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
