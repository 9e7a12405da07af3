import type { EncodedDataset } from './encoded-dataset.ts';
import { SoftmaxModel } from './softmax-model.ts';
import { createRandom, shuffle } from './random.ts';

/** Optimiser settings for the sparse softmax model. */
export interface SoftmaxTrainingOptions {
  /** Base AdaGrad step size. */
  learningRate: number;
  /** L2 penalty per weight, applied when a weight is updated. */
  l2: number;
  maxEpochs: number;
  /** Epochs without a better validation macro-F1 before stopping. */
  patience: number;
  /** Linear warm-up length, then cosine decay to 10 % over maxEpochs. */
  warmupEpochs: number;
  seed: number;
  /** When set, train exactly this many epochs and ignore validation. */
  fixedEpochs?: number;
  /**
   * Class weight = (mean class count / class count) ^ power; 0 weighs all
   * examples equally, 0.5 halves the gap that makes small classes lose
   * recall, 1 balances the classes fully.
   */
  classWeightPower?: number;
  /**
   * Models trained with different shuffling seeds and averaged; the cost
   * at prediction time stays that of one model.
   */
  ensembleSize?: number;
}

export const defaultSoftmaxTrainingOptions: SoftmaxTrainingOptions = {
  learningRate: 0.5,
  l2: 1e-4,
  maxEpochs: 8,
  patience: 2,
  warmupEpochs: 1,
  seed: 20241204,
  classWeightPower: 0.5,
  ensembleSize: 3,
};

/** Progress of one epoch. */
export interface EpochReport {
  epoch: number;
  loss: number;
  validationMacroF1: number | null;
  seconds: number;
}

/** Learning-rate multiplier at a fractional epoch: warm-up, then cosine. */
export function learningRateScale(
  epoch: number,
  warmupEpochs: number,
  totalEpochs: number,
): number {
  if (epoch < warmupEpochs) return (epoch + 1) / (warmupEpochs + 1);
  const progress = Math.min(
    1,
    (epoch - warmupEpochs) / Math.max(1, totalEpochs - warmupEpochs),
  );
  return 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Per-class loss weights; see `classWeightPower`. */
export function computeClassWeights(
  targets: Int32Array,
  classCount: number,
  power: number,
): Float32Array {
  const counts = new Float64Array(classCount);
  for (const target of targets) counts[target]! += 1;
  const mean = targets.length / classCount;
  const weights = new Float32Array(classCount);
  for (let c = 0; c < classCount; c++) {
    weights[c] = counts[c] === 0 ? 1 : (mean / counts[c]!) ** power;
  }
  return weights;
}

/** Macro-F1 of a model on an encoded dataset. */
export function macroF1On(
  model: SoftmaxModel,
  data: EncodedDataset,
): number {
  const classes = model.classCount;
  const truePositive = new Float64Array(classes);
  const predicted = new Float64Array(classes);
  const actual = new Float64Array(classes);
  const scores = new Float32Array(classes);
  for (let i = 0; i < data.size; i++) {
    logitsOf(model, data, i, scores);
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[c]! > scores[best]!) best = c;
    const target = data.targets[i]!;
    predicted[best]! += 1;
    actual[target]! += 1;
    if (best === target) truePositive[best]! += 1;
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (actual[c] === 0 && predicted[c] === 0) continue;
    present++;
    const denominator = predicted[c]! + actual[c]!;
    sum += denominator === 0 ? 0 : (2 * truePositive[c]!) / denominator;
  }
  return present === 0 ? 0 : sum / present;
}

/** Writes the logits of row `row` of `data` into `out`. */
export function logitsOf(
  model: SoftmaxModel,
  data: EncodedDataset,
  row: number,
  out: Float32Array,
): void {
  const classes = model.classCount;
  const weights = model.weights;
  out.set(model.bias);
  for (let k = data.offsets[row]!; k < data.offsets[row + 1]!; k++) {
    const offset = data.ids[k]! * classes;
    const value = data.weights[k]!;
    for (let c = 0; c < classes; c++) out[c]! += weights[offset + c]! * value;
  }
}

/**
 * AdaGrad on cross-entropy for one sparse softmax model, one epoch at a
 * time, shuffling with its own seeded generator so a run is repeatable.
 */
export class SoftmaxTrainer {
  readonly model: SoftmaxModel;
  private readonly train: EncodedDataset;
  private readonly options: SoftmaxTrainingOptions;
  private readonly squaredGradients: Float32Array;
  private readonly random: () => number;
  private readonly order: number[];
  private readonly classWeights: Float32Array;
  private readonly scratch: Float32Array;

  constructor(
    train: EncodedDataset,
    buckets: number,
    classCount: number,
    options: SoftmaxTrainingOptions,
  ) {
    this.model = new SoftmaxModel(buckets, classCount);
    this.train = train;
    this.options = options;
    this.squaredGradients = new Float32Array(buckets * classCount).fill(1e-8);
    this.random = createRandom(options.seed);
    this.order = Array.from({ length: train.size }, (_, i) => i);
    this.classWeights = computeClassWeights(
      train.targets,
      classCount,
      options.classWeightPower ?? 0,
    );
    this.scratch = new Float32Array(classCount);
  }

  /** Runs one pass over the data at step size `rate`; returns mean loss. */
  epoch(rate: number): number {
    const { model, train, squaredGradients, classWeights } = this;
    const classCount = model.classCount;
    const weights = model.weights;
    const bias = model.bias;
    const l2 = this.options.l2;
    const probabilities = this.scratch;
    shuffle(this.order, this.random);
    let loss = 0;
    for (const row of this.order) {
      logitsOf(model, train, row, probabilities);
      let max = -Infinity;
      for (let c = 0; c < classCount; c++) {
        max = Math.max(max, probabilities[c]!);
      }
      let sum = 0;
      for (let c = 0; c < classCount; c++) {
        probabilities[c] = Math.exp(probabilities[c]! - max);
        sum += probabilities[c]!;
      }
      const target = train.targets[row]!;
      const weight = classWeights[target]!;
      loss -= weight * Math.log(probabilities[target]! / sum + 1e-12);
      // probabilities becomes the gradient of the loss w.r.t. the logits.
      for (let c = 0; c < classCount; c++) {
        probabilities[c] =
          weight * (probabilities[c]! / sum - (c === target ? 1 : 0));
      }
      for (let k = train.offsets[row]!; k < train.offsets[row + 1]!; k++) {
        const offset = train.ids[k]! * classCount;
        const value = train.weights[k]!;
        for (let c = 0; c < classCount; c++) {
          const index = offset + c;
          const gradient = probabilities[c]! * value + l2 * weights[index]!;
          squaredGradients[index]! += gradient * gradient;
          weights[index]! -=
            (rate * gradient) / Math.sqrt(squaredGradients[index]!);
        }
      }
      for (let c = 0; c < classCount; c++) {
        bias[c]! -= 0.01 * rate * probabilities[c]!;
      }
    }
    return loss / Math.max(1, train.size);
  }
}

/**
 * Averages the weights of models over the same features. For linear
 * models this equals averaging their logits, so an ensemble of seeds costs
 * no more at prediction time than one model.
 */
export function averageModels(models: readonly SoftmaxModel[]): SoftmaxModel {
  const first = models[0]!;
  const average = new SoftmaxModel(first.buckets, first.classCount);
  const scale = 1 / models.length;
  for (const model of models) {
    for (let i = 0; i < model.weights.length; i++) {
      average.weights[i]! += model.weights[i]! * scale;
    }
    for (let c = 0; c < model.bias.length; c++) {
      average.bias[c]! += model.bias[c]! * scale;
    }
  }
  return average;
}

/**
 * Trains `ensembleSize` sparse softmax models with different shuffling
 * seeds in lockstep and returns their average (see `averageModels`). With
 * a validation set it keeps the averaged weights of the epoch with the
 * best validation macro-F1 and stops after `patience` epochs without
 * improvement.
 */
export function trainSoftmax(
  train: EncodedDataset,
  validation: EncodedDataset | null,
  buckets: number,
  classCount: number,
  options: SoftmaxTrainingOptions,
  onEpoch: (report: EpochReport) => void = () => {},
): { model: SoftmaxModel; bestEpoch: number; history: EpochReport[] } {
  const ensembleSize = Math.max(1, options.ensembleSize ?? 1);
  const trainers = Array.from(
    { length: ensembleSize },
    (_, member) =>
      new SoftmaxTrainer(train, buckets, classCount, {
        ...options,
        seed: options.seed + member * 7919,
      }),
  );
  const totalEpochs = options.fixedEpochs ?? options.maxEpochs;
  const history: EpochReport[] = [];
  let best: { f1: number; epoch: number; model: SoftmaxModel } | null = null;
  let current = trainers[0]!.model;

  for (let epoch = 0; epoch < totalEpochs; epoch++) {
    const started = performance.now();
    const rate =
      options.learningRate *
      learningRateScale(epoch, options.warmupEpochs, totalEpochs);
    let loss = 0;
    for (const trainer of trainers) loss += trainer.epoch(rate);
    current =
      ensembleSize === 1
        ? trainers[0]!.model
        : averageModels(trainers.map((trainer) => trainer.model));
    const validationMacroF1 =
      validation && options.fixedEpochs === undefined
        ? macroF1On(current, validation)
        : null;
    const report: EpochReport = {
      epoch: epoch + 1,
      loss: loss / ensembleSize,
      validationMacroF1,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(report);
    onEpoch(report);
    if (validationMacroF1 === null) continue;
    if (best === null || validationMacroF1 > best.f1) {
      const snapshot = new SoftmaxModel(
        buckets,
        classCount,
        current.weights.slice(),
        current.bias.slice(),
      );
      best = { f1: validationMacroF1, epoch: epoch + 1, model: snapshot };
    } else if (epoch + 1 - best.epoch >= options.patience) {
      break;
    }
  }
  if (best !== null) {
    return { model: best.model, bestEpoch: best.epoch, history };
  }
  return { model: current, bestEpoch: history.length, history };
}
