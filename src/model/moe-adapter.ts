import type { FeatureVector } from '../text/features.ts';
import type { ClassifierModel } from './classifier-model.ts';
import type { EncodedDataset } from './encoded-dataset.ts';
import {
  embedInto,
  expertInto,
  gateProbabilitiesInto,
  mixingWeightsInto,
  selectTopK,
  type MoeModel,
} from './moe-model.ts';
import { createRandom, shuffle, type Random } from './random.ts';

/** Trainable parts of an adapter; the base model itself is never changed. */
export interface AdapterShape {
  /** Rank r of the low-rank path U · (V · e) added to the logits; 0 for none. */
  rank: number;
  /** Hidden units of the additive expert slot; 0 for none. */
  slotHidden: number;
  /**
   * Width q of a side embedding: a new table S [buckets × q] over the same
   * hashed features, read through U_s [classes × q] straight into the
   * logits. It also reads rows that the base pruned (n-grams never seen in
   * its training), which the frozen embedding cannot represent. 0 for none.
   */
  sideRank: number;
  /**
   * Label count of a new output head (skip layer and expert output
   * layers on the frozen embedding, gate and expert hidden layers), or
   * null to keep the base model's head and labels.
   */
  headClasses: number | null;
}

/** Names of the trainable arrays of a `MoeAdapter`. */
export type AdapterParameterGroup =
  | 'bias'
  | 'down'
  | 'up'
  | 'slotGateWeights'
  | 'slotGateBias'
  | 'slotHiddenWeights'
  | 'slotHiddenBias'
  | 'slotOutputWeights'
  | 'slotOutputBias'
  | 'headSkipWeights'
  | 'headSkipBias'
  | 'headOutputWeights'
  | 'headOutputBias'
  | 'sideEmbedding'
  | 'sideUp';

/**
 * A frozen MoE model plus small trainable parts, for a new domain or a
 * new label set. With e the base embedding bag of an appeal:
 *
 *   z = head(e) + U · (V · e) + c + σ(g · e + g0) · (W2 · relu(W1 · e + b1) + b2)
 *       + U_s · Σ_k w_k S[id_k]
 *
 * head(e) is the base model's skip layer, gate and experts. With a new
 * head, the skip layer and the experts' output layers are new arrays with
 * `headClasses` rows, while the gate routing and the experts' hidden
 * layers stay the base model's. The last term is an extra expert that
 * every appeal uses next to its routed experts, weighted by its own
 * sigmoid gate, so it is trained by the task loss even under top-1
 * routing. The last term is a side embedding of its own. U, c, W2, b2 and
 * U_s start at zero, so a fresh adapter on the base head predicts exactly
 * what the base model predicts.
 *
 * NOTE: the model file cannot store an adapter yet, so an adapted model
 * lives only in the process that trained it.
 */
export class MoeAdapter implements ClassifierModel {
  readonly kind = 'moe-adapter';
  readonly base: MoeModel;
  readonly shape: AdapterShape;
  readonly classCount: number;
  readonly bias: Float32Array;
  readonly down: Float32Array;
  readonly up: Float32Array;
  readonly slotGateWeights: Float32Array;
  readonly slotGateBias: Float32Array;
  readonly slotHiddenWeights: Float32Array;
  readonly slotHiddenBias: Float32Array;
  readonly slotOutputWeights: Float32Array;
  readonly slotOutputBias: Float32Array;
  readonly headSkipWeights: Float32Array;
  readonly headSkipBias: Float32Array;
  readonly headOutputWeights: Float32Array;
  readonly headOutputBias: Float32Array;
  readonly sideEmbedding: Float32Array;
  readonly sideUp: Float32Array;
  /** Forward values of the last appeal, read by the gradient pass. */
  readonly cache: AdapterCache;

  constructor(base: MoeModel, shape: AdapterShape, random: Random) {
    const a = base.architecture;
    const { dimension: d, experts: n, hidden: h } = a;
    if (!Number.isInteger(shape.rank) || shape.rank < 0) {
      throw new RangeError(`adapter rank must be a whole number ≥ 0, got ${shape.rank}`);
    }
    if (!Number.isInteger(shape.slotHidden) || shape.slotHidden < 0) {
      throw new RangeError(
        `adapter slotHidden must be a whole number ≥ 0, got ${shape.slotHidden}`,
      );
    }
    if (!Number.isInteger(shape.sideRank) || shape.sideRank < 0) {
      throw new RangeError(`adapter sideRank must be a whole number ≥ 0, got ${shape.sideRank}`);
    }
    if (shape.headClasses !== null && (!Number.isInteger(shape.headClasses) || shape.headClasses < 2)) {
      throw new RangeError(
        `adapter headClasses must be null or a whole number ≥ 2, got ${shape.headClasses}`,
      );
    }
    this.base = base;
    this.shape = { ...shape };
    const classes = shape.headClasses ?? base.classCount;
    this.classCount = classes;
    const r = shape.rank;
    const s = shape.slotHidden;
    const newHead = shape.headClasses !== null;

    this.bias = new Float32Array(classes);
    this.down = new Float32Array(r * d);
    this.up = new Float32Array(classes * r);
    this.slotGateWeights = new Float32Array(s > 0 ? d : 0);
    this.slotGateBias = new Float32Array(s > 0 ? 1 : 0);
    this.slotHiddenWeights = new Float32Array(s * d);
    this.slotHiddenBias = new Float32Array(s);
    this.slotOutputWeights = new Float32Array(classes * s);
    this.slotOutputBias = new Float32Array(s > 0 ? classes : 0);
    this.headSkipWeights = new Float32Array(newHead && a.skip ? classes * d : 0);
    this.headSkipBias = new Float32Array(newHead ? classes : 0);
    this.headOutputWeights = new Float32Array(newHead ? n * classes * h : 0);
    this.headOutputBias = new Float32Array(newHead ? n * classes : 0);
    this.sideEmbedding = new Float32Array(a.buckets * shape.sideRank);
    this.sideUp = new Float32Array(classes * shape.sideRank);

    const fill = (values: Float32Array, range: number) => {
      for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * range;
    };
    fill(this.down, Math.sqrt(3 / d));
    fill(this.slotHiddenWeights, Math.sqrt(6 / d));
    fill(this.sideEmbedding, 0.1);

    this.cache = {
      // Float32 like the base model's own scratch, so that a fresh
      // adapter reproduces the base logits bit for bit.
      embedded: new Float32Array(d),
      probabilities: new Float64Array(n),
      selected: new Int32Array(Math.max(1, a.topK)),
      shares: new Float64Array(Math.max(1, a.topK)),
      routed: 0,
      expertHidden: new Float64Array(Math.max(1, a.topK) * h),
      expertOut: new Float64Array(base.classCount),
      baseOut: new Float32Array(base.classCount),
      lowRank: new Float64Array(r),
      slotGate: 0,
      slotHidden: new Float64Array(s),
      slotOut: new Float64Array(classes),
      side: new Float64Array(shape.sideRank),
      ids: new Int32Array(0),
      weights: new Float32Array(0),
      start: 0,
      end: 0,
    };
  }

  /** Lists the trainable arrays in a fixed order (used by the trainer and tests). */
  parameterGroups(): Array<[AdapterParameterGroup, Float32Array]> {
    return [
      ['bias', this.bias],
      ['down', this.down],
      ['up', this.up],
      ['slotGateWeights', this.slotGateWeights],
      ['slotGateBias', this.slotGateBias],
      ['slotHiddenWeights', this.slotHiddenWeights],
      ['slotHiddenBias', this.slotHiddenBias],
      ['slotOutputWeights', this.slotOutputWeights],
      ['slotOutputBias', this.slotOutputBias],
      ['headSkipWeights', this.headSkipWeights],
      ['headSkipBias', this.headSkipBias],
      ['headOutputWeights', this.headOutputWeights],
      ['headOutputBias', this.headOutputBias],
      ['sideEmbedding', this.sideEmbedding],
      ['sideUp', this.sideUp],
    ];
  }

  /** Counts the trainable values. */
  trainableParameters(): number {
    return this.parameterGroups().reduce((sum, [, values]) => sum + values.length, 0);
  }

  /**
   * Sets a new head to the base head's rows. New label c starts as a copy
   * of base label `parentOf[c]` plus `biasOf[c]`, for example the log share
   * of c among its parent's rows. The new head then starts from the best
   * mapping of the base predictions instead of from zero.
   */
  initialiseHeadFrom(parentOf: readonly number[], biasOf: readonly number[]): void {
    const a = this.base.architecture;
    const { dimension: d, experts: n, hidden: h } = a;
    const classes = this.classCount;
    const baseClasses = this.base.classCount;
    if (this.shape.headClasses === null || parentOf.length !== classes || biasOf.length !== classes) {
      throw new RangeError(
        `initialiseHeadFrom needs a new head and one parent and bias per new label (${classes})`,
      );
    }
    for (let c = 0; c < classes; c++) {
      const parent = parentOf[c]!;
      if (!Number.isInteger(parent) || parent < 0 || parent >= baseClasses) {
        throw new RangeError(`parent ${parent} of new label ${c} is not a base label`);
      }
      if (a.skip) {
        this.headSkipWeights.set(this.base.skipWeights.subarray(parent * d, parent * d + d), c * d);
      }
      this.headSkipBias[c] = this.base.skipBias[parent]! + biasOf[c]!;
      for (let j = 0; j < n; j++) {
        const from = (j * baseClasses + parent) * h;
        this.headOutputWeights.set(this.base.outputWeights.subarray(from, from + h), (j * classes + c) * h);
        this.headOutputBias[j * classes + c] = this.base.outputBias[j * baseClasses + parent]!;
      }
    }
  }

  /** Writes the raw scores (logits) of one feature vector into `out`. */
  logits(features: FeatureVector, out: Float32Array): void {
    this.logitsOfRange(features.ids, features.weights, 0, features.count, out);
  }

  /** Logits of the features ids[start..end) with weights[start..end). */
  logitsOfRange(
    ids: Int32Array,
    weights: Float32Array,
    start: number,
    end: number,
    out: Float32Array | Float64Array,
  ): void {
    const c = this.cache;
    embedInto(this.base, ids, weights, start, end, c.embedded);
    this.forward(c.embedded, out);
    const q = this.shape.sideRank;
    if (q === 0) return;
    c.ids = ids;
    c.weights = weights;
    c.start = start;
    c.end = end;
    c.side.fill(0);
    for (let k = start; k < end; k++) {
      const offset = ids[k]! * q;
      for (let t = 0; t < q; t++) c.side[t]! += weights[k]! * this.sideEmbedding[offset + t]!;
    }
    for (let k = 0; k < this.classCount; k++) {
      let sum = 0;
      for (let t = 0; t < q; t++) sum += this.sideUp[k * q + t]! * c.side[t]!;
      out[k]! += sum;
    }
  }

  /** Multiply-adds per appeal for `featureCount` features. */
  operations(featureCount: number): number {
    const a = this.base.architecture;
    const d = a.dimension;
    const classes = this.classCount;
    const s = this.shape.slotHidden;
    return (
      this.base.operations(featureCount) +
      (this.shape.headClasses === null ? 0 : (classes - a.classCount) * (a.topK * (a.hidden + 1) + (a.skip ? d : 0))) +
      this.shape.rank * (d + classes) +
      this.shape.sideRank * (featureCount + classes) +
      (s === 0 ? 0 : d + s * d + classes * s + classes)
    );
  }

  /** Head, low-rank path and slot on an embedding; fills `cache`. */
  private forward(e: Float32Array, out: Float32Array | Float64Array): void {
    const base = this.base;
    const a = base.architecture;
    const { dimension: d, experts: n, hidden: h } = a;
    const classes = this.classCount;
    const c = this.cache;
    if (this.shape.headClasses === null) {
      base.headInto(e, c.baseOut);
      for (let k = 0; k < classes; k++) out[k] = c.baseOut[k]! + this.bias[k]!;
    } else {
      for (let k = 0; k < classes; k++) {
        let sum = this.headSkipBias[k]! + this.bias[k]!;
        if (a.skip) {
          const offset = k * d;
          for (let j = 0; j < d; j++) sum += this.headSkipWeights[offset + j]! * e[j]!;
        }
        out[k] = sum;
      }
      if (n > 0) {
        gateProbabilitiesInto(base, e, c.probabilities);
        const count = selectTopK(c.probabilities, a.topK, c.selected);
        mixingWeightsInto(c.probabilities, c.selected, count, a.topK, c.shares);
        c.routed = count;
        for (let i = 0; i < count; i++) {
          const expert = c.selected[i]!;
          const share = c.shares[i]!;
          const hidden = c.expertHidden.subarray(i * h, i * h + h);
          // Runs the frozen hidden layer, then the new output layer.
          expertInto(base, expert, e, hidden, c.expertOut);
          for (let k = 0; k < classes; k++) {
            let sum = this.headOutputBias[expert * classes + k]!;
            const offset = (expert * classes + k) * h;
            for (let u = 0; u < h; u++) sum += this.headOutputWeights[offset + u]! * hidden[u]!;
            out[k]! += share * sum;
          }
        }
      }
    }

    const r = this.shape.rank;
    for (let k = 0; k < r; k++) {
      let sum = 0;
      const offset = k * d;
      for (let j = 0; j < d; j++) sum += this.down[offset + j]! * e[j]!;
      c.lowRank[k] = sum;
    }
    if (r > 0) {
      for (let k = 0; k < classes; k++) {
        let sum = 0;
        for (let t = 0; t < r; t++) sum += this.up[k * r + t]! * c.lowRank[t]!;
        out[k]! += sum;
      }
    }

    const s = this.shape.slotHidden;
    if (s === 0) return;
    let gate = this.slotGateBias[0]!;
    for (let j = 0; j < d; j++) gate += this.slotGateWeights[j]! * e[j]!;
    c.slotGate = 1 / (1 + Math.exp(-gate));
    for (let u = 0; u < s; u++) {
      let sum = this.slotHiddenBias[u]!;
      const offset = u * d;
      for (let j = 0; j < d; j++) sum += this.slotHiddenWeights[offset + j]! * e[j]!;
      c.slotHidden[u] = sum > 0 ? sum : 0;
    }
    for (let k = 0; k < classes; k++) {
      let sum = this.slotOutputBias[k]!;
      const offset = k * s;
      for (let u = 0; u < s; u++) sum += this.slotOutputWeights[offset + u]! * c.slotHidden[u]!;
      c.slotOut[k] = sum;
      out[k]! += c.slotGate * sum;
    }
  }

  /**
   * Adds the gradient of the loss with ∂loss/∂logits = `dz` for the appeal
   * of the last forward pass to `gradients` (indexed like
   * `parameterGroups`). Frozen base parameters get no gradient.
   */
  accumulateGradients(dz: Float64Array, gradients: Float64Array[]): void {
    const a = this.base.architecture;
    const { dimension: d, hidden: h } = a;
    const classes = this.classCount;
    const c = this.cache;
    const e = c.embedded;
    const [
      gBias, gDown, gUp, gGateW, gGateB, gHiddenW, gHiddenB, gOutW, gOutB, gSkipW, gSkipB, gHeadW, gHeadB,
      gSide, gSideUp,
    ] = gradients as [
      Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
      Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
      Float64Array,
    ];
    for (let k = 0; k < classes; k++) gBias[k]! += dz[k]!;

    const q = this.shape.sideRank;
    for (let t = 0; t < q; t++) {
      let dside = 0;
      for (let k = 0; k < classes; k++) {
        gSideUp[k * q + t]! += dz[k]! * c.side[t]!;
        dside += this.sideUp[k * q + t]! * dz[k]!;
      }
      if (dside === 0) continue;
      for (let k = c.start; k < c.end; k++) gSide[c.ids[k]! * q + t]! += c.weights[k]! * dside;
    }

    const r = this.shape.rank;
    for (let t = 0; t < r; t++) {
      let dt = 0;
      for (let k = 0; k < classes; k++) {
        gUp[k * r + t]! += dz[k]! * c.lowRank[t]!;
        dt += this.up[k * r + t]! * dz[k]!;
      }
      if (dt === 0) continue;
      const offset = t * d;
      for (let j = 0; j < d; j++) gDown[offset + j]! += dt * e[j]!;
    }

    const s = this.shape.slotHidden;
    if (s > 0) {
      const gate = c.slotGate;
      let dGate = 0;
      for (let k = 0; k < classes; k++) {
        dGate += dz[k]! * c.slotOut[k]!;
        const dy = gate * dz[k]!;
        gOutB[k]! += dy;
        const offset = k * s;
        for (let u = 0; u < s; u++) gOutW[offset + u]! += dy * c.slotHidden[u]!;
      }
      for (let u = 0; u < s; u++) {
        if (c.slotHidden[u]! <= 0) continue;
        let dh = 0;
        for (let k = 0; k < classes; k++) dh += this.slotOutputWeights[k * s + u]! * gate * dz[k]!;
        gHiddenB[u]! += dh;
        const offset = u * d;
        for (let j = 0; j < d; j++) gHiddenW[offset + j]! += dh * e[j]!;
      }
      const da = dGate * gate * (1 - gate);
      gGateB[0]! += da;
      for (let j = 0; j < d; j++) gGateW[j]! += da * e[j]!;
    }

    if (this.shape.headClasses === null) return;
    for (let k = 0; k < classes; k++) {
      gSkipB[k]! += dz[k]!;
      if (!a.skip) continue;
      const offset = k * d;
      for (let j = 0; j < d; j++) gSkipW[offset + j]! += dz[k]! * e[j]!;
    }
    for (let i = 0; i < c.routed; i++) {
      const expert = c.selected[i]!;
      const share = c.shares[i]!;
      const hidden = c.expertHidden.subarray(i * h, i * h + h);
      for (let k = 0; k < classes; k++) {
        const dy = share * dz[k]!;
        gHeadB[expert * classes + k]! += dy;
        const offset = (expert * classes + k) * h;
        for (let u = 0; u < h; u++) gHeadW[offset + u]! += dy * hidden[u]!;
      }
    }
  }
}

/** Forward values of one appeal kept for the gradient pass. */
export interface AdapterCache {
  embedded: Float32Array;
  probabilities: Float64Array;
  selected: Int32Array;
  shares: Float64Array;
  routed: number;
  expertHidden: Float64Array;
  expertOut: Float64Array;
  baseOut: Float32Array;
  lowRank: Float64Array;
  slotGate: number;
  slotHidden: Float64Array;
  slotOut: Float64Array;
  side: Float64Array;
  /** Features of the last appeal, for the side embedding's gradient. */
  ids: Int32Array;
  weights: Float32Array;
  start: number;
  end: number;
}

/** Optimiser and loss settings of adapter training. */
export interface AdapterTrainingOptions {
  epochs: number;
  /** AdaGrad step size. */
  learningRate: number;
  batchSize: number;
  seed: number;
  /**
   * Old-domain rows on which the adapter is trained to keep the frozen
   * base model's probabilities (distillation at temperature 1), or null.
   * Only for adapters on the base head.
   */
  rehearsal: EncodedDataset | null;
  /** Loss weight of each rehearsal row relative to a training row. */
  rehearsalWeight: number;
}

export const defaultAdapterTrainingOptions: AdapterTrainingOptions = {
  epochs: 20,
  learningRate: 0.05,
  batchSize: 16,
  seed: 20241204,
  rehearsal: null,
  rehearsalWeight: 1,
};

/** Loss per epoch of adapter training. */
export interface AdapterTrainingReport {
  losses: number[];
  seconds: number;
}

/**
 * Trains the adapter's own arrays with AdaGrad on cross-entropy over
 * `train` (targets index the adapter's labels), plus, with rehearsal rows,
 * cross-entropy against the base model's probabilities on them. The base
 * model is read, never written.
 */
export function trainAdapter(
  adapter: MoeAdapter,
  train: EncodedDataset,
  options: AdapterTrainingOptions,
): AdapterTrainingReport {
  const started = performance.now();
  const rehearsal = options.rehearsal;
  if (rehearsal !== null && adapter.shape.headClasses !== null) {
    throw new RangeError(
      'rehearsal distils the base head and needs an adapter on the base head (headClasses null)',
    );
  }

  const classes = adapter.classCount;
  const random = createRandom(options.seed);
  const soft = rehearsal === null ? new Float64Array(0) : baseProbabilities(adapter.base, rehearsal);
  const groups = adapter.parameterGroups();
  const gradients = groups.map(([, values]) => new Float64Array(values.length));
  const squared = groups.map(([, values]) => new Float64Array(values.length).fill(1e-8));
  // Row i < train.size is a training row, the rest are rehearsal rows.
  const order = Array.from({ length: train.size + (rehearsal?.size ?? 0) }, (_, i) => i);
  const logits = new Float64Array(classes);
  const dz = new Float64Array(classes);
  const losses: number[] = [];
  // The side embedding is large and sparse: only the rows of a batch's
  // features are cleared and updated.
  const sideGroup = groups.findIndex(([name]) => name === 'sideEmbedding');
  const q = adapter.shape.sideRank;
  const touched = new Uint8Array(q > 0 ? adapter.base.architecture.buckets : 0);
  let touchedRows: number[] = [];

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    let loss = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      gradients.forEach((gradient, g) => {
        if (g !== sideGroup) gradient.fill(0);
      });
      for (const id of touchedRows) {
        touched[id] = 0;
        gradients[sideGroup]!.fill(0, id * q, id * q + q);
      }
      touchedRows = [];
      for (const index of batch) {
        const fromTrain = index < train.size;
        const data = fromTrain ? train : rehearsal!;
        const row = fromTrain ? index : index - train.size;
        for (let k = data.offsets[row]!; k < data.offsets[row + 1]! && q > 0; k++) {
          const id = data.ids[k]!;
          if (touched[id] === 1) continue;
          touched[id] = 1;
          touchedRows.push(id);
        }
        adapter.logitsOfRange(data.ids, data.weights, data.offsets[row]!, data.offsets[row + 1]!, logits);
        let max = -Infinity;
        for (let k = 0; k < classes; k++) max = Math.max(max, logits[k]!);
        let sum = 0;
        for (let k = 0; k < classes; k++) sum += Math.exp(logits[k]! - max);
        const logSum = Math.log(sum) + max;
        const weight = fromTrain ? 1 : options.rehearsalWeight;
        for (let k = 0; k < classes; k++) {
          let target = soft[row * classes + k]!;
          if (fromTrain) target = k === train.targets[row] ? 1 : 0;
          if (target > 0) loss += weight * target * (logSum - logits[k]!);
          dz[k] = (weight * (Math.exp(logits[k]! - logSum) - target)) / batch.length;
        }
        adapter.accumulateGradients(dz, gradients);
      }
      const update = (values: Float32Array, g: number, from: number, to: number) => {
        const gradient = gradients[g]!;
        const accumulated = squared[g]!;
        for (let i = from; i < to; i++) {
          const value = gradient[i]!;
          if (value === 0) continue;
          accumulated[i]! += value * value;
          values[i]! -= (options.learningRate * value) / Math.sqrt(accumulated[i]!);
        }
      };
      groups.forEach(([, values], g) => {
        if (g !== sideGroup) update(values, g, 0, values.length);
      });
      for (const id of touchedRows) update(adapter.sideEmbedding, sideGroup, id * q, id * q + q);
    }
    losses.push(loss / Math.max(1, order.length));
  }
  return { losses, seconds: (performance.now() - started) / 1000 };
}

/** Softmax probabilities of the base model on every row, row-major. */
function baseProbabilities(model: MoeModel, data: EncodedDataset): Float64Array {
  const classes = model.classCount;
  const out = new Float64Array(data.size * classes);
  const logits = new Float32Array(classes);
  for (let row = 0; row < data.size; row++) {
    model.logitsOfRange(data.ids, data.weights, data.offsets[row]!, data.offsets[row + 1]!, logits);
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(logits[k]! - max);
    for (let k = 0; k < classes; k++) out[row * classes + k] = Math.exp(logits[k]! - max) / sum;
  }
  return out;
}
