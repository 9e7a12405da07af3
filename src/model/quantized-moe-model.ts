import type { FeatureVector } from '../text/features.ts';
import type { ClassifierModel } from './classifier-model.ts';
import {
  MoeModel,
  mixingWeightsInto,
  selectTopK,
  type MoeArchitecture,
} from './moe-model.ts';
import {
  dequantizeRows,
  int8MatrixVector,
  quantizeRows,
  quantizeVector,
  type Int8Matrix,
} from './quantize.ts';

/** The int8 weight matrices of a quantized MoE model. */
export interface MoeInt8Weights {
  /** [buckets × d]; a row with scale 0 is pruned and skipped. */
  embedding: Int8Matrix;
  /** [N × d]. */
  gate: Int8Matrix;
  /** [N·h × d]. */
  hidden: Int8Matrix;
  /** [N·classes × h]. */
  output: Int8Matrix;
  /** [classes × d], or 0 rows without a skip layer. */
  skip: Int8Matrix;
  gateBias: Float32Array;
  hiddenBias: Float32Array;
  outputBias: Float32Array;
  skipBias: Float32Array;
}

/**
 * The MoE model with int8 weights (per-row scales) and an int8 inference
 * path. The embedding bag adds int8 rows times (feature weight · row
 * scale); every dense layer quantizes its input vector to int8, takes
 * int8 × int8 dot products with an integer accumulator, and dequantizes
 * each output once. Routing and mixing stay in floating point (N and topK
 * values, with the mixing weights of `mixingWeightsInto`). Memory is about
 * a quarter of the float model's.
 */
export class QuantizedMoeModel implements ClassifierModel {
  readonly kind = 'moe';
  readonly architecture: MoeArchitecture;
  readonly classCount: number;
  readonly weights: MoeInt8Weights;
  private readonly embedded: Float32Array;
  private readonly embeddedInt8: Int8Array;
  private readonly gate: Float32Array;
  private readonly selected: Int32Array;
  private readonly shares: Float32Array;
  private readonly hidden: Float32Array;
  private readonly hiddenInt8: Int8Array;
  private readonly expertOut: Float32Array;

  constructor(architecture: MoeArchitecture, weights: MoeInt8Weights) {
    this.architecture = { ...architecture };
    this.classCount = architecture.classCount;
    this.weights = weights;
    this.embedded = new Float32Array(architecture.dimension);
    this.embeddedInt8 = new Int8Array(architecture.dimension);
    this.gate = new Float32Array(architecture.experts);
    this.selected = new Int32Array(Math.max(1, architecture.topK));
    this.shares = new Float32Array(Math.max(1, architecture.topK));
    this.hidden = new Float32Array(architecture.hidden);
    this.hiddenInt8 = new Int8Array(architecture.hidden);
    this.expertOut = new Float32Array(architecture.classCount);
  }

  /** Quantizes a float model (pruned rows stay pruned). */
  static fromModel(model: MoeModel): QuantizedMoeModel {
    const a = model.architecture;
    const { dimension: d, experts: n, hidden: h } = a;
    const classes = a.classCount;
    const embedding = quantizeRows(model.embedding, a.buckets, d);
    for (let row = 0; row < a.buckets; row++) {
      if (model.liveRows[row] === 0) embedding.scales[row] = 0;
    }
    return new QuantizedMoeModel(a, {
      embedding,
      gate: quantizeRows(model.gateWeights, n, d),
      hidden: quantizeRows(model.hiddenWeights, n * h, d),
      output: quantizeRows(model.outputWeights, n * classes, h),
      skip: quantizeRows(model.skipWeights, a.skip ? classes : 0, d),
      gateBias: model.gateBias.slice(),
      hiddenBias: model.hiddenBias.slice(),
      outputBias: model.outputBias.slice(),
      skipBias: model.skipBias.slice(),
    });
  }

  /** Expands the weights back into a float model. */
  toModel(): MoeModel {
    const model = new MoeModel(this.architecture);
    const w = this.weights;
    model.embedding.set(dequantizeRows(w.embedding));
    model.gateWeights.set(dequantizeRows(w.gate));
    model.hiddenWeights.set(dequantizeRows(w.hidden));
    model.outputWeights.set(dequantizeRows(w.output));
    model.skipWeights.set(dequantizeRows(w.skip));
    model.gateBias.set(w.gateBias);
    model.hiddenBias.set(w.hiddenBias);
    model.outputBias.set(w.outputBias);
    model.skipBias.set(w.skipBias);
    model.refreshLiveRows();
    return model;
  }

  /** Writes the raw scores (logits) of one feature vector into `out`. */
  logits(features: FeatureVector, out: Float32Array): void {
    this.logitsOfRange(features.ids, features.weights, 0, features.count, out);
  }

  /** Logits of the features ids[start..end) with weights[start..end). */
  logitsOfRange(
    ids: Int32Array,
    featureWeights: Float32Array,
    start: number,
    end: number,
    out: Float32Array,
  ): void {
    const { dimension: d, experts: n, hidden: h, topK } = this.architecture;
    const classes = this.classCount;
    const w = this.weights;
    const table = w.embedding.values;
    const rowScales = w.embedding.scales;
    const e = this.embedded;
    e.fill(0);
    for (let k = start; k < end; k++) {
      const id = ids[k]!;
      const scale = rowScales[id]!;
      if (scale === 0) continue;
      const factor = featureWeights[k]! * scale;
      const offset = id * d;
      for (let j = 0; j < d; j++) e[j]! += factor * table[offset + j]!;
    }
    const inputScale = quantizeVector(e, d, this.embeddedInt8);
    if (this.architecture.skip) {
      int8MatrixVector(w.skip, 0, classes, this.embeddedInt8, inputScale, w.skipBias, 0, out);
    } else {
      out.set(w.skipBias);
    }
    if (n === 0) return;

    const gate = this.gate;
    int8MatrixVector(w.gate, 0, n, this.embeddedInt8, inputScale, w.gateBias, 0, gate);
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, gate[i]!);
    let total = 0;
    for (let i = 0; i < n; i++) {
      gate[i] = Math.exp(gate[i]! - max);
      total += gate[i]!;
    }
    for (let i = 0; i < n; i++) gate[i]! /= total;
    selectTopK(gate, topK, this.selected);
    mixingWeightsInto(gate, this.selected, topK, topK, this.shares);
    for (let s = 0; s < topK; s++) {
      const expert = this.selected[s]!;
      const share = this.shares[s]!;
      int8MatrixVector(w.hidden, expert * h, h, this.embeddedInt8, inputScale, w.hiddenBias, expert * h, this.hidden);
      for (let u = 0; u < h; u++) if (this.hidden[u]! < 0) this.hidden[u] = 0;
      const hiddenScale = quantizeVector(this.hidden, h, this.hiddenInt8);
      int8MatrixVector(w.output, expert * classes, classes, this.hiddenInt8, hiddenScale, w.outputBias, expert * classes, this.expertOut);
      for (let c = 0; c < classes; c++) out[c]! += share * this.expertOut[c]!;
    }
  }

  /** Multiply-adds per appeal for `featureCount` features. */
  operations(featureCount: number): number {
    const a = this.architecture;
    const experts = a.experts === 0 ? 0 : a.topK;
    return (
      featureCount * a.dimension +
      a.experts * a.dimension +
      experts * (a.hidden * a.dimension + a.classCount * a.hidden + a.classCount) +
      (a.skip ? a.classCount * a.dimension : 0)
    );
  }

  /** Like `operations`, with pruned embedding rows costing nothing. */
  operationsFor(features: FeatureVector): number {
    let live = 0;
    const scales = this.weights.embedding.scales;
    for (let k = 0; k < features.count; k++) {
      if (scales[features.ids[k]!] !== 0) live++;
    }
    return this.operations(live);
  }
}
