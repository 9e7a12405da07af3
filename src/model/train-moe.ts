import type { EncodedDataset } from './encoded-dataset.ts';
import { MoeGradients, batchLossAndGradients } from './moe-gradients.ts';
import { MoeModel, type MoeArchitecture } from './moe-model.ts';
import { createRandom, shuffle, type Random } from './random.ts';
import {
  computeClassWeights,
  learningRateScale,
  type EpochReport,
} from './train-softmax.ts';

/** Which parameter groups an update may change; the rest stay frozen. */
export interface MoeTrainableGroups {
  embedding: boolean;
  gate: boolean;
  skip: boolean;
  /** Indices of the experts to train; null trains all of them. */
  experts: ReadonlySet<number> | null;
}

/** Optimiser and loss settings of the MoE trainer. */
export interface MoeTrainingOptions {
  /** AdaGrad step size of the gate, experts and skip layer. */
  learningRate: number;
  /** Row-wise AdaGrad step size of the embedding table. */
  embeddingLearningRate: number;
  /** Examples per update; the balancing term is computed per batch. */
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better validation macro-F1 before stopping. */
  patience: number;
  /** Linear warm-up length, then cosine decay to 10 % over maxEpochs. */
  warmupEpochs: number;
  seed: number;
  /** When set, train exactly this many epochs and ignore validation. */
  fixedEpochs?: number;
  /** Class weight = (mean class count / class count) ^ power. */
  classWeightPower: number;
  /** α of the load-balancing loss. */
  balanceWeight: number;
  /** Expert capacity factor during training; null for no limit. */
  capacityFactor: number | null;
  /** Half-range of the uniform embedding initialisation. */
  embeddingScale: number;
  /** Groups to train; all when omitted. */
  trainable?: MoeTrainableGroups;
}

export const defaultMoeTrainingOptions: MoeTrainingOptions = {
  learningRate: 0.05,
  embeddingLearningRate: 0.2,
  batchSize: 16,
  maxEpochs: 20,
  patience: 4,
  warmupEpochs: 1,
  seed: 20241204,
  classWeightPower: 0,
  balanceWeight: 0.01,
  capacityFactor: 1.5,
  embeddingScale: 0.1,
};

/** Progress of one MoE epoch: the softmax report plus routing figures. */
export interface MoeEpochReport extends EpochReport {
  balance: number;
  /** Share of routing slots each expert received this epoch. */
  utilisation: number[];
  dropped: number;
}

/** Macro-F1 of any model that scores encoded rows. */
export function macroF1OfRows(
  model: MoeModel,
  data: EncodedDataset,
): number {
  const classes = model.classCount;
  const truePositive = new Float64Array(classes);
  const predicted = new Float64Array(classes);
  const actual = new Float64Array(classes);
  const scores = new Float32Array(classes);
  for (let i = 0; i < data.size; i++) {
    model.logitsOfRange(data.ids, data.weights, data.offsets[i]!, data.offsets[i + 1]!, scores);
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
    sum += (2 * truePositive[c]!) / (predicted[c]! + actual[c]!);
  }
  return present === 0 ? 0 : sum / present;
}

/**
 * Resumable MoE trainer: AdaGrad on every dense parameter, row-wise
 * AdaGrad (one accumulator per embedding row, the mean squared gradient of
 * the row) on the embedding table, warm-up then cosine decay, and early
 * stopping on validation macro-F1 that keeps the best epoch's parameters.
 * `train` may be called again with a larger epoch budget to continue, which
 * the architecture search uses to promote a trial to the next rung.
 */
export class MoeTrainer {
  readonly model: MoeModel;
  readonly history: MoeEpochReport[] = [];
  bestEpoch = 0;
  bestMacroF1 = -1;
  private readonly options: MoeTrainingOptions;
  private readonly random: Random;
  private readonly gradients: MoeGradients;
  private readonly squared: Map<Float32Array, Float32Array>;
  private readonly rowSquared: Float32Array;
  private best: Float32Array[] | null = null;
  /** Latest parameters while the model holds the best ones. */
  private latest: Float32Array[] | null = null;
  private stopped = false;
  /** True when this trainer initialised the model itself. */
  private readonly fresh: boolean;

  /** Starts from `model` when given (for adaptation), else a fresh one. */
  constructor(
    architecture: MoeArchitecture,
    options: MoeTrainingOptions,
    model?: MoeModel,
  ) {
    this.options = options;
    this.random = createRandom(options.seed);
    this.fresh = model === undefined;
    if (model) {
      this.model = model;
    } else {
      this.model = new MoeModel(architecture);
      this.model.initialise(this.random, options.embeddingScale);
    }
    this.gradients = new MoeGradients(this.model);
    this.squared = new Map();
    for (const [name, values] of this.model.parameterGroups()) {
      if (name === 'embedding') continue;
      this.squared.set(values, new Float32Array(values.length).fill(1e-8));
    }
    this.rowSquared = new Float32Array(architecture.buckets).fill(1e-8);
  }

  /** True once early stopping has fired. */
  get finished(): boolean {
    return this.stopped;
  }

  /**
   * Trains until `untilEpoch` epochs in total have run, early stopping
   * fires, or the schedule (maxEpochs or fixedEpochs) ends. Leaves the
   * model at the best validation epoch when validating.
   */
  train(
    train: EncodedDataset,
    validation: EncodedDataset | null,
    untilEpoch: number,
    onEpoch: (report: MoeEpochReport) => void = () => {},
  ): void {
    const options = this.options;
    const totalEpochs = options.fixedEpochs ?? options.maxEpochs;
    const validate = validation !== null && options.fixedEpochs === undefined;
    const classWeights =
      options.classWeightPower === 0
        ? null
        : computeClassWeights(train.targets, this.model.classCount, options.classWeightPower);
    const order = Array.from({ length: train.size }, (_, i) => i);
    const experts = this.model.architecture.experts;
    if (this.best !== null) this.restore(this.best, false);

    while (!this.stopped && this.history.length < Math.min(untilEpoch, totalEpochs)) {
      const epoch = this.history.length;
      const started = performance.now();
      const scale = learningRateScale(epoch, options.warmupEpochs, totalEpochs);
      shuffle(order, this.random);
      let loss = 0;
      let balance = 0;
      let dropped = 0;
      let batches = 0;
      const used = new Float64Array(experts);
      for (let start = 0; start < order.length; start += options.batchSize) {
        const rows = order.slice(start, start + options.batchSize);
        this.gradients.clear();
        const result = batchLossAndGradients(
          this.model,
          train,
          rows,
          {
            balanceWeight: options.balanceWeight,
            capacityFactor: options.capacityFactor,
            classWeights,
          },
          this.gradients,
        );
        this.step(scale);
        loss += result.loss * rows.length;
        balance += result.balance;
        dropped += result.dropped;
        batches++;
        for (let i = 0; i < experts; i++) used[i]! += result.assignments[i]!;
      }
      const slots = used.reduce((sum, value) => sum + value, 0);
      const macroF1 = validate ? macroF1OfRows(this.model, validation) : null;
      const report: MoeEpochReport = {
        epoch: epoch + 1,
        loss: loss / Math.max(1, train.size),
        validationMacroF1: macroF1,
        seconds: (performance.now() - started) / 1000,
        balance: balance / Math.max(1, batches),
        utilisation: Array.from(used, (value) => (slots === 0 ? 0 : value / slots)),
        dropped,
      };
      this.history.push(report);
      onEpoch(report);
      if (macroF1 === null) continue;
      if (macroF1 > this.bestMacroF1) {
        this.bestMacroF1 = macroF1;
        this.bestEpoch = epoch + 1;
        this.best = this.snapshot();
      } else if (epoch + 1 - this.bestEpoch >= options.patience) {
        this.stopped = true;
      }
    }
    if (!validate) this.bestEpoch = this.history.length;
    if (this.history.length >= totalEpochs) this.stopped = true;
    if (this.best !== null) this.restore(this.best, true);
    if (this.fresh) this.zeroUntouchedRows();
  }

  // Rows that no training feature hashed to still hold their random
  // initial values, which only add noise for unseen n-grams and cost file
  // bytes, so they are set to zero (pruned).
  private zeroUntouchedRows(): void {
    const d = this.model.architecture.dimension;
    for (let row = 0; row < this.rowSquared.length; row++) {
      if (this.rowSquared[row]! > 1e-8) continue;
      this.model.embedding.fill(0, row * d, row * d + d);
    }
    this.model.refreshLiveRows();
  }

  private snapshot(): Float32Array[] {
    return this.model.parameterGroups().map(([, values]) => values.slice());
  }

  // After training the model holds the best parameters and `latest` keeps
  // the last ones; resuming swaps the last ones back in.
  private restore(best: Float32Array[], keepLatest: boolean): void {
    const groups = this.model.parameterGroups();
    if (keepLatest) {
      this.latest = this.snapshot();
      groups.forEach(([, values], i) => values.set(best[i]!));
    } else if (this.latest !== null) {
      groups.forEach(([, values], i) => values.set(this.latest![i]!));
      this.latest = null;
    }
    this.model.refreshLiveRows();
  }

  /** One AdaGrad update from the gradients of the last batch. */
  private step(scale: number): void {
    const options = this.options;
    const trainable = options.trainable;
    const model = this.model;
    const g = this.gradients;
    const rate = options.learningRate * scale;
    const update = (
      values: Float32Array,
      gradient: Float64Array,
      from = 0,
      to = values.length,
    ) => {
      const squared = this.squared.get(values)!;
      for (let i = from; i < to; i++) {
        const value = gradient[i]!;
        if (value === 0) continue;
        squared[i]! += value * value;
        values[i]! -= (rate * value) / Math.sqrt(squared[i]!);
      }
    };
    if (trainable?.gate ?? true) {
      update(model.gateWeights, g.gateWeights);
      update(model.gateBias, g.gateBias);
    }
    if (trainable?.skip ?? true) {
      update(model.skipWeights, g.skipWeights);
      update(model.skipBias, g.skipBias);
    }
    const { dimension: d, hidden: h, experts } = model.architecture;
    const classes = model.classCount;
    for (let j = 0; j < experts; j++) {
      if (trainable?.experts && !trainable.experts.has(j)) continue;
      update(model.hiddenWeights, g.hiddenWeights, j * h * d, (j + 1) * h * d);
      update(model.hiddenBias, g.hiddenBias, j * h, (j + 1) * h);
      update(model.outputWeights, g.outputWeights, j * classes * h, (j + 1) * classes * h);
      update(model.outputBias, g.outputBias, j * classes, (j + 1) * classes);
    }
    if (!(trainable?.embedding ?? true)) return;
    const embeddingRate = options.embeddingLearningRate * scale;
    for (let slot = 0; slot < g.rowCount; slot++) {
      const row = g.rows[slot]!;
      const offset = slot * d;
      let sum = 0;
      for (let j = 0; j < d; j++) sum += g.values[offset + j]! ** 2;
      this.rowSquared[row]! += sum / d;
      const step = embeddingRate / Math.sqrt(this.rowSquared[row]!);
      const base = row * d;
      for (let j = 0; j < d; j++) {
        model.embedding[base + j]! -= step * g.values[offset + j]!;
      }
    }
  }
}
