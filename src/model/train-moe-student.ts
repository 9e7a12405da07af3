import type { FeatureSettings } from '../text/features.ts';
import { fitTemperature } from './calibrate.ts';
import type { EncodedDataset } from './encoded-dataset.ts';
import {
  encodeExamples,
  splitAndEncode,
  type EncodedSplit,
} from './split-and-encode.ts';

export { splitAndEncode, type EncodedSplit } from './split-and-encode.ts';
import type { MoeArchitecture, MoeModel } from './moe-model.ts';
import { Student } from './student.ts';
import {
  MoeTrainer,
  type MoeEpochReport,
  type MoeTrainingOptions,
} from './train-moe.ts';
import type { TrainingExample } from './training-example.ts';

/** Shape of the MoE student, without the class count (taken from data). */
export type MoeShape = Omit<MoeArchitecture, 'classCount' | 'buckets'>;

/** Everything `trainMoeStudent` needs besides the examples. */
export interface TrainMoeStudentOptions {
  settings: FeatureSettings;
  shape: MoeShape;
  training: MoeTrainingOptions;
  /** Share of raw-text examples held out for early stopping. */
  validationFraction: number;
  /** Train again on all rows for the best epoch count afterwards. */
  refit: boolean;
  now?: () => Date;
  onEpoch?: (report: MoeEpochReport, phase: 'search' | 'refit') => void;
}

/** Logits of every row of `data`. */
export function logitsOfDataset(
  model: MoeModel,
  data: EncodedDataset,
): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let i = 0; i < data.size; i++) {
    const out = new Float32Array(model.classCount);
    model.logitsOfRange(data.ids, data.weights, data.offsets[i]!, data.offsets[i + 1]!, out);
    rows.push(out);
  }
  return rows;
}

/** What MoE training measured. */
export interface MoeTrainingReport {
  examples: number;
  validationExamples: number;
  bestEpoch: number;
  validationMacroF1: number;
  temperature: number;
  seconds: number;
  history: MoeEpochReport[];
}

/**
 * Trains the MoE student: split, MoE training with early stopping on
 * validation macro-F1, temperature scaling on the validation logits, and
 * an optional refit on all rows for the best number of epochs.
 */
export function trainMoeStudent(
  examples: readonly TrainingExample[],
  options: TrainMoeStudentOptions,
): { student: Student; report: MoeTrainingReport; split: EncodedSplit } {
  const started = performance.now();
  const split = splitAndEncode(
    examples,
    options.settings,
    options.validationFraction,
    options.training.seed,
  );
  const architecture: MoeArchitecture = {
    ...options.shape,
    buckets: options.settings.buckets,
    classCount: split.labels.length,
  };
  const trainer = new MoeTrainer(architecture, options.training);
  trainer.train(
    split.train,
    split.validation,
    options.training.maxEpochs,
    (report) => options.onEpoch?.(report, 'search'),
  );
  const temperature = fitTemperature(
    logitsOfDataset(trainer.model, split.validation),
    Array.from(split.validation.targets),
  );
  let model = trainer.model;
  const history = [...trainer.history];
  if (options.refit) {
    const all = encodeExamples(examples, split.labels, options.settings);
    const refit = new MoeTrainer(architecture, {
      ...options.training,
      fixedEpochs: trainer.bestEpoch,
    });
    refit.train(all, null, trainer.bestEpoch, (report) =>
      options.onEpoch?.(report, 'refit'),
    );
    model = refit.model;
    history.push(...refit.history);
  }
  const report: MoeTrainingReport = {
    examples: examples.length,
    validationExamples: split.heldOut.length,
    bestEpoch: trainer.bestEpoch,
    validationMacroF1: trainer.bestMacroF1,
    temperature,
    seconds: (performance.now() - started) / 1000,
    history,
  };
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  const student = new Student({
    labels: split.labels,
    settings: options.settings,
    model,
    temperature,
    metadata: {
      version: `moe-${createdAt.replace(/[-:.TZ]/g, '').slice(0, 14)}`,
      createdAt,
      training: {
        examples: report.examples,
        bestEpoch: report.bestEpoch,
        refit: options.refit,
        shape: options.shape,
        options: { ...options.training, trainable: undefined },
        validationFraction: options.validationFraction,
        seconds: report.seconds,
      },
      metrics: { validation: { macroF1: report.validationMacroF1 } },
    },
  });
  return { student, report, split };
}
