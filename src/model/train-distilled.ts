import { InvalidArgumentError } from '../errors/index.ts';
import type { FeatureSettings } from '../text/features.ts';
import { fitTemperature } from './calibrate.ts';
import {
  adaptiveTemperature,
  distillationLoss,
  softenTeacher,
} from './distillation-loss.ts';
import { encodeDataset, type EncodedDataset } from './encoded-dataset.ts';
import { computeMetrics, type ClassificationMetrics } from './metrics.ts';
import { createRandom, shuffle } from './random.ts';
import { SoftmaxModel } from './softmax-model.ts';
import { Student } from './student.ts';
import {
  learningRateScale,
  logitsOf,
  macroF1On,
  type EpochReport,
  type SoftmaxTrainingOptions,
} from './train-softmax.ts';
import type { TrainingExample } from './training-example.ts';

/** One training row: a gold label, teacher probabilities, or both. */
export interface DistillationRow {
  text: string;
  gold: string | null;
  /** Teacher probability per label, indexed like `labels`. */
  teacher: ArrayLike<number> | null;
}

/** Settings of distillation training. */
export interface DistillationOptions {
  settings: FeatureSettings;
  training: SoftmaxTrainingOptions;
  /** Weight of gold cross-entropy on rows with both sources. */
  alpha: number;
  /** Distillation temperature T (the upper end when adaptive). */
  temperature: number;
  /** Per-row temperature from the teacher's entropy (see adaptiveTemperature). */
  adaptiveTemperature: boolean;
  now?: () => Date;
  onEpoch?: (report: EpochReport) => void;
}

/** Measurements of one distillation run. */
export interface DistillationReport {
  rows: number;
  goldRows: number;
  teacherRows: number;
  bestEpoch: number;
  /** Calibration temperature fitted on validation (not the KL's T). */
  calibrationTemperature: number;
  /** Student against gold labels on the validation rows. */
  validation: ClassificationMetrics;
  /** Share of teacher-labelled training rows where student and teacher agree. */
  teacherAgreement: number;
  history: EpochReport[];
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < values.length; c++) {
    if (values[c]! > values[best]!) best = c;
  }
  return best;
}

/**
 * Trains the student on gold labels plus teacher soft labels with the loss
 * α·CE(gold) + (1 − α)·T²·KL(teacher_T ‖ student_T); rows with only teacher
 * probabilities use the KL term alone. AdaGrad, warm-up and cosine decay as
 * in `trainSoftmax`; early stopping and calibration use the gold
 * `validation` rows, which are not trained on.
 *
 * @throws InvalidArgumentError on an unknown gold label, a teacher row of
 *   the wrong length, α outside [0, 1] or T below 1.
 */
export function trainDistilled(
  rows: readonly DistillationRow[],
  validation: readonly TrainingExample[],
  labels: readonly string[],
  options: DistillationOptions,
): { student: Student; report: DistillationReport } {
  const { alpha, temperature } = options;
  if (!(alpha >= 0 && alpha <= 1)) {
    throw new InvalidArgumentError({
      parameter: '--alpha',
      value: alpha,
      message: `--alpha is the gold-label weight in [0, 1], got ${alpha}.`,
    });
  }
  if (!(temperature >= 1)) {
    throw new InvalidArgumentError({
      parameter: '--temperature',
      value: temperature,
      message: `--temperature must be at least 1, got ${temperature}.`,
    });
  }
  const classes = labels.length;
  const index = new Map(labels.map((label, i) => [label, i]));
  const gold = new Int32Array(rows.length).fill(-1);
  const teacher: Array<Float32Array | null> = [];
  const rowTemperature = new Float32Array(rows.length).fill(temperature);
  rows.forEach((row, i) => {
    if (row.gold !== null) {
      const target = index.get(row.gold);
      if (target === undefined) {
        throw new InvalidArgumentError({
          parameter: 'gold',
          value: row.gold,
          message:
            `gold label "${row.gold}" of row ${i + 1} is not one of ` +
            `${labels.join(', ')}. Fix the label or add it to the label set.`,
        });
      }
      gold[i] = target;
    }
    if (row.teacher === null) {
      teacher.push(null);
      return;
    }
    if (row.teacher.length !== classes) {
      throw new InvalidArgumentError({
        parameter: 'teacher',
        value: row.teacher.length,
        message:
          `teacher probabilities of row ${i + 1} have ` +
          `${row.teacher.length} values for ${classes} labels.`,
      });
    }
    if (options.adaptiveTemperature) {
      rowTemperature[i] = adaptiveTemperature(row.teacher, temperature);
    }
    const soft = new Float32Array(classes);
    softenTeacher(row.teacher, rowTemperature[i]!, soft);
    teacher.push(soft);
  });

  const train = encodeDataset(
    rows.map((row) => row.text),
    Array.from(gold, (target) => Math.max(0, target)),
    options.settings,
  );
  const validationSet = encodeDataset(
    validation.map((row) => row.text),
    validation.map((row) => index.get(row.label) ?? 0),
    options.settings,
  );
  const { model, bestEpoch, history } = optimise(
    train,
    gold,
    teacher,
    rowTemperature,
    validationSet,
    classes,
    options,
  );

  const validationLogits: Float32Array[] = [];
  for (let row = 0; row < validationSet.size; row++) {
    const out = new Float32Array(classes);
    logitsOf(model, validationSet, row, out);
    validationLogits.push(out);
  }
  const calibrationTemperature = fitTemperature(
    validationLogits,
    Array.from(validationSet.targets),
  );
  const predicted = validationLogits.map((logits) => labels[argmax(logits)]!);
  const metrics = computeMetrics(
    validation.map((row) => row.label),
    predicted,
    labels,
  );

  let agree = 0;
  let teacherRows = 0;
  const scores = new Float32Array(classes);
  rows.forEach((row, i) => {
    if (row.teacher === null) return;
    teacherRows += 1;
    logitsOf(model, train, i, scores);
    if (argmax(scores) === argmax(row.teacher)) agree += 1;
  });

  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  const report: DistillationReport = {
    rows: rows.length,
    goldRows: rows.filter((row) => row.gold !== null).length,
    teacherRows,
    bestEpoch,
    calibrationTemperature,
    validation: metrics,
    teacherAgreement: teacherRows === 0 ? 0 : agree / teacherRows,
    history,
  };
  const student = new Student({
    labels: [...labels],
    settings: options.settings,
    model,
    temperature: calibrationTemperature,
    metadata: {
      version: `distilled-${createdAt.replace(/[-:.TZ]/g, '').slice(0, 14)}`,
      createdAt,
      training: {
        method: 'distillation',
        rows: report.rows,
        goldRows: report.goldRows,
        teacherRows: report.teacherRows,
        alpha,
        temperature,
        adaptiveTemperature: options.adaptiveTemperature,
        bestEpoch,
        options: options.training,
      },
      metrics: {
        validation: {
          n: metrics.n,
          accuracy: metrics.accuracy,
          macroF1: metrics.macroF1,
        },
        teacherAgreement: report.teacherAgreement,
      },
    },
  });
  return { student, report };
}

/** Runs the AdaGrad loop with the distillation gradient. */
function optimise(
  train: EncodedDataset,
  gold: Int32Array,
  teacher: ReadonlyArray<Float32Array | null>,
  rowTemperature: Float32Array,
  validation: EncodedDataset,
  classes: number,
  options: DistillationOptions,
): { model: SoftmaxModel; bestEpoch: number; history: EpochReport[] } {
  const training = options.training;
  const model = new SoftmaxModel(options.settings.buckets, classes);
  const { weights, bias } = model;
  const squaredGradients = new Float32Array(weights.length).fill(1e-8);
  const random = createRandom(training.seed);
  const order = Array.from({ length: train.size }, (_, i) => i);
  const logits = new Float32Array(classes);
  const gradient = new Float32Array(classes);
  const scratch = new Float32Array(classes);
  const totalEpochs = training.fixedEpochs ?? training.maxEpochs;
  const useValidation =
    validation.size > 0 && training.fixedEpochs === undefined;
  const history: EpochReport[] = [];
  let best: { f1: number; epoch: number; weights: Float32Array; bias: Float32Array } | null = null;

  for (let epoch = 0; epoch < totalEpochs; epoch++) {
    const started = performance.now();
    const rate =
      training.learningRate *
      learningRateScale(epoch, training.warmupEpochs, totalEpochs);
    shuffle(order, random);
    let loss = 0;
    for (const row of order) {
      logitsOf(model, train, row, logits);
      const target = gold[row]!;
      loss += distillationLoss(
        logits,
        target < 0 ? null : target,
        teacher[row] ?? null,
        rowTemperature[row]!,
        options.alpha,
        gradient,
        scratch,
      );
      for (let k = train.offsets[row]!; k < train.offsets[row + 1]!; k++) {
        const offset = train.ids[k]! * classes;
        const value = train.weights[k]!;
        for (let c = 0; c < classes; c++) {
          const position = offset + c;
          const step = gradient[c]! * value + training.l2 * weights[position]!;
          squaredGradients[position]! += step * step;
          weights[position]! -=
            (rate * step) / Math.sqrt(squaredGradients[position]!);
        }
      }
      for (let c = 0; c < classes; c++) bias[c]! -= 0.01 * rate * gradient[c]!;
    }
    const validationMacroF1 = useValidation ? macroF1On(model, validation) : null;
    const report: EpochReport = {
      epoch: epoch + 1,
      loss: loss / Math.max(1, train.size),
      validationMacroF1,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(report);
    options.onEpoch?.(report);
    if (validationMacroF1 === null) continue;
    if (best === null || validationMacroF1 > best.f1) {
      best = {
        f1: validationMacroF1,
        epoch: epoch + 1,
        weights: weights.slice(),
        bias: bias.slice(),
      };
    } else if (epoch + 1 - best.epoch >= training.patience) {
      break;
    }
  }
  if (best === null) return { model, bestEpoch: history.length, history };
  weights.set(best.weights);
  bias.set(best.bias);
  return { model, bestEpoch: best.epoch, history };
}

/** Probabilities of a student for many texts, one Float32Array each. */
export function predictAll(
  student: Student,
  texts: readonly string[],
): Float32Array[] {
  return texts.map((text) => {
    const out = new Float32Array(student.labels.length);
    student.probabilitiesInto(text, out);
    return out;
  });
}
