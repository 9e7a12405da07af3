import type { FeatureVector } from '../text/features.ts';
import type { ClassifierModel } from './classifier-model.ts';
import type { Random } from './random.ts';

/**
 * Shape of a mixture-of-experts student. With `experts` = 0 the model is a
 * fastText-style embedding bag followed by the linear skip layer only.
 */
export interface MoeArchitecture {
  /** Hash buckets, i.e. rows of the embedding table. */
  buckets: number;
  /** Embedding size d. */
  dimension: number;
  /** Number of experts N (0 for none). */
  experts: number;
  /** Hidden units h of each expert's MLP. */
  hidden: number;
  /** Experts that run per appeal (1 ≤ topK ≤ N when N > 0). */
  topK: number;
  classCount: number;
  /** Whether the linear skip layer d → classes is present. */
  skip: boolean;
}

/**
 * Mixture-of-experts classifier over hashed features.
 *
 * Forward pass for one appeal with features (id_k, w_k):
 *   e = Σ_k w_k · E[id_k]                          embedding bag, d
 *   p = softmax(Wg · e + bg)                       gate, N
 *   S = indices of the topK largest p (ties: lower index first)
 *   q_j = p_j                                      topK = 1
 *   q_j = p_j / Σ_{i∈S} p_i                        topK ≥ 2, renormalised over S
 *   y_j = W2_j · relu(W1_j · e + b1_j) + b2_j      expert j, classes
 *   logits = Ws · e + bs + Σ_{j∈S} q_j · y_j
 * Only the experts in S run, so the cost per appeal grows with topK, not N.
 * With top-1 routing a renormalised weight would always be 1 and the
 * classification loss would give the gate no gradient. So the single
 * routed expert is weighted by its gate probability itself, as in Switch
 * Transformer routing. `mixingWeightsInto` implements this rule.
 *
 * All matrices are row-major: E [buckets × d], Wg [N × d], W1 [N × h × d],
 * W2 [N × classes × h], Ws [classes × d].
 */
export class MoeModel implements ClassifierModel {
  readonly kind = 'moe';
  readonly architecture: MoeArchitecture;
  readonly classCount: number;
  readonly embedding: Float32Array;
  readonly gateWeights: Float32Array;
  readonly gateBias: Float32Array;
  readonly hiddenWeights: Float32Array;
  readonly hiddenBias: Float32Array;
  readonly outputWeights: Float32Array;
  readonly outputBias: Float32Array;
  readonly skipWeights: Float32Array;
  readonly skipBias: Float32Array;
  /**
   * 1 for embedding rows with a non-zero value; rows pruned to zero are
   * skipped. Call `refreshLiveRows` after changing the embedding.
   */
  readonly liveRows: Uint8Array;
  private readonly scratch: MoeScratch;

  constructor(architecture: MoeArchitecture) {
    validateArchitecture(architecture);
    const { buckets, dimension: d, experts: n, hidden: h } = architecture;
    const classes = architecture.classCount;
    this.architecture = { ...architecture };
    this.classCount = classes;
    this.embedding = new Float32Array(buckets * d);
    this.gateWeights = new Float32Array(n * d);
    this.gateBias = new Float32Array(n);
    this.hiddenWeights = new Float32Array(n * h * d);
    this.hiddenBias = new Float32Array(n * h);
    this.outputWeights = new Float32Array(n * classes * h);
    this.outputBias = new Float32Array(n * classes);
    this.skipWeights = new Float32Array(architecture.skip ? classes * d : 0);
    this.skipBias = new Float32Array(classes);
    this.liveRows = new Uint8Array(buckets).fill(1);
    this.scratch = createScratch(architecture);
  }

  /** Named parameter groups, in a fixed order (used by codecs and tests). */
  parameterGroups(): Array<[MoeParameterGroup, Float32Array]> {
    return [
      ['embedding', this.embedding],
      ['gateWeights', this.gateWeights],
      ['gateBias', this.gateBias],
      ['hiddenWeights', this.hiddenWeights],
      ['hiddenBias', this.hiddenBias],
      ['outputWeights', this.outputWeights],
      ['outputBias', this.outputBias],
      ['skipWeights', this.skipWeights],
      ['skipBias', this.skipBias],
    ];
  }

  /**
   * Fills the parameters with seeded random values: embedding and expert
   * layers uniform with a He-style range, the gate near zero so that
   * routing starts almost uniform, output layers at zero.
   */
  initialise(random: Random, embeddingScale = 0.1): void {
    const { dimension: d, hidden: h } = this.architecture;
    const fill = (values: Float32Array, range: number) => {
      for (let i = 0; i < values.length; i++) {
        values[i] = (random() * 2 - 1) * range;
      }
    };
    fill(this.embedding, embeddingScale);
    fill(this.gateWeights, 0.01);
    fill(this.hiddenWeights, Math.sqrt(6 / d));
    fill(this.outputWeights, Math.sqrt(1 / Math.max(1, h)) * 0.1);
    this.refreshLiveRows();
  }

  /** Recomputes `liveRows` from the embedding values. */
  refreshLiveRows(): void {
    const d = this.architecture.dimension;
    for (let row = 0; row < this.architecture.buckets; row++) {
      let live = 0;
      for (let j = row * d; j < row * d + d; j++) {
        if (this.embedding[j] !== 0) {
          live = 1;
          break;
        }
      }
      this.liveRows[row] = live;
    }
  }

  /** Writes the raw scores (logits) of one feature vector into `out`. */
  logits(features: FeatureVector, out: Float32Array): void {
    this.logitsOfRange(features.ids, features.weights, 0, features.count, out);
  }

  /**
   * Logits of the features ids[start..end) with weights[start..end), the
   * layout of one row of an encoded dataset.
   */
  logitsOfRange(
    ids: Int32Array,
    weights: Float32Array,
    start: number,
    end: number,
    out: Float32Array,
  ): void {
    const s = this.scratch;
    embedInto(this, ids, weights, start, end, s.embedded);
    this.headInto(s.embedded, out);
  }

  /** Gate, experts and skip layer applied to an embedding `e` of size d. */
  headInto(e: Float32Array | Float64Array, out: Float32Array): void {
    const { experts: n, topK } = this.architecture;
    const s = this.scratch;
    skipInto(this, e, out);
    if (n === 0) return;
    gateProbabilitiesInto(this, e, s.probabilities);
    const count = selectTopK(s.probabilities, topK, s.selected);
    mixingWeightsInto(s.probabilities, s.selected, count, topK, s.shares);
    for (let i = 0; i < count; i++) {
      const expert = s.selected[i]!;
      const share = s.shares[i]!;
      expertInto(this, expert, e, s.hidden, s.expertOut);
      for (let c = 0; c < this.classCount; c++) {
        out[c]! += share * s.expertOut[c]!;
      }
    }
  }

  /** Multiply-adds per appeal for `featureCount` features. */
  operations(featureCount: number): number {
    const a = this.architecture;
    const d = a.dimension;
    const classes = a.classCount;
    const experts = a.experts === 0 ? 0 : a.topK;
    return (
      featureCount * d +
      a.experts * d +
      experts * (a.hidden * d + classes * a.hidden + classes) +
      (a.skip ? classes * d : 0)
    );
  }

  /**
   * Multiply-adds for these exact features: like `operations`, but rows
   * pruned to zero cost nothing.
   */
  operationsFor(features: FeatureVector): number {
    let live = 0;
    for (let k = 0; k < features.count; k++) {
      live += this.liveRows[features.ids[k]!]!;
    }
    return this.operations(live);
  }
}

/** Names of the parameter arrays of a `MoeModel`. */
export type MoeParameterGroup =
  | 'embedding'
  | 'gateWeights'
  | 'gateBias'
  | 'hiddenWeights'
  | 'hiddenBias'
  | 'outputWeights'
  | 'outputBias'
  | 'skipWeights'
  | 'skipBias';

interface MoeScratch {
  embedded: Float32Array;
  probabilities: Float32Array;
  selected: Int32Array;
  shares: Float32Array;
  hidden: Float32Array;
  expertOut: Float32Array;
}

function createScratch(a: MoeArchitecture): MoeScratch {
  return {
    embedded: new Float32Array(a.dimension),
    probabilities: new Float32Array(a.experts),
    selected: new Int32Array(Math.max(1, a.topK)),
    shares: new Float32Array(Math.max(1, a.topK)),
    hidden: new Float32Array(a.hidden),
    expertOut: new Float32Array(a.classCount),
  };
}

/**
 * Checks an architecture's sizes.
 *
 * @throws RangeError naming the field and its valid range.
 */
export function validateArchitecture(a: MoeArchitecture): void {
  const whole = (name: string, value: number, minimum: number) => {
    if (!Number.isInteger(value) || value < minimum) {
      throw new RangeError(
        `MoE ${name} must be a whole number of at least ${minimum}, got ${value}`,
      );
    }
  };
  whole('buckets', a.buckets, 1);
  whole('dimension', a.dimension, 1);
  whole('experts', a.experts, 0);
  whole('classCount', a.classCount, 2);
  if (a.experts > 0) {
    whole('hidden', a.hidden, 1);
    if (!Number.isInteger(a.topK) || a.topK < 1 || a.topK > a.experts) {
      throw new RangeError(
        `MoE topK must be between 1 and experts (${a.experts}), got ${a.topK}`,
      );
    }
  }
  if (a.experts === 0 && !a.skip) {
    throw new RangeError(
      'an MoE model without experts needs the skip layer; set skip to true',
    );
  }
}

/** e = Σ_k w_k · E[id_k] over the live rows; e has d values. */
export function embedInto(
  model: MoeModel,
  ids: Int32Array,
  weights: Float32Array,
  start: number,
  end: number,
  e: Float32Array | Float64Array,
): void {
  const d = model.architecture.dimension;
  const table = model.embedding;
  const live = model.liveRows;
  e.fill(0);
  for (let k = start; k < end; k++) {
    const id = ids[k]!;
    if (live[id] === 0) continue;
    const value = weights[k]!;
    const offset = id * d;
    for (let j = 0; j < d; j++) e[j]! += value * table[offset + j]!;
  }
}

/** out = Ws · e + bs (or bs alone without a skip layer). */
export function skipInto(
  model: MoeModel,
  e: Float32Array | Float64Array,
  out: Float32Array | Float64Array,
): void {
  const d = model.architecture.dimension;
  const classes = model.classCount;
  for (let c = 0; c < classes; c++) {
    let sum = model.skipBias[c]!;
    if (model.architecture.skip) {
      const offset = c * d;
      for (let j = 0; j < d; j++) sum += model.skipWeights[offset + j]! * e[j]!;
    }
    out[c] = sum;
  }
}

/** p = softmax(Wg · e + bg), N values. */
export function gateProbabilitiesInto(
  model: MoeModel,
  e: Float32Array | Float64Array,
  p: Float32Array | Float64Array,
): void {
  const { dimension: d, experts: n } = model.architecture;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    let sum = model.gateBias[i]!;
    const offset = i * d;
    for (let j = 0; j < d; j++) sum += model.gateWeights[offset + j]! * e[j]!;
    p[i] = sum;
    if (sum > max) max = sum;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    p[i] = Math.exp(p[i]! - max);
    total += p[i]!;
  }
  for (let i = 0; i < n; i++) p[i]! /= total;
}

/**
 * Writes the indices of the `k` largest scores into `selected`, best
 * first; equal scores go to the lower index. Returns k.
 */
export function selectTopK(
  scores: Float32Array | Float64Array,
  k: number,
  selected: Int32Array,
): number {
  for (let slot = 0; slot < k; slot++) {
    let best = -1;
    for (let i = 0; i < scores.length; i++) {
      let taken = false;
      for (let t = 0; t < slot; t++) {
        if (selected[t] === i) {
          taken = true;
          break;
        }
      }
      if (taken) continue;
      if (best === -1 || scores[i]! > scores[best]!) best = i;
    }
    selected[slot] = best;
  }
  return k;
}

/**
 * Returns true when the mixing weights for this topK are the gate
 * probabilities renormalised over the routed experts (topK ≥ 2). With
 * topK = 1 they are the gate probabilities themselves, so that the
 * classification loss reaches the gate.
 *
 * Renormalising for topK ≥ 2 is kept because it measured better: top-2
 * students (bench/moe-gate.ts --top-k 2, three seeds) reached a mean
 * validation macro-F1 of 0.913 renormalised and 0.897 with raw gate
 * probabilities, lower on every seed.
 */
export function renormalisesGate(topK: number): boolean {
  return topK >= 2;
}

/**
 * Writes the mixing weight q of each routed expert `selected[0..count)`
 * into `shares[0..count)`, from the gate probabilities `p`: p_j itself
 * for topK = 1, p_j / Σ_{i routed} p_i for topK ≥ 2. `count` may be below
 * topK when training drops slots over capacity, and the rule still follows
 * topK. Returns the renormalising sum, or 1 when the weights are not
 * renormalised.
 */
export function mixingWeightsInto(
  p: Float32Array | Float64Array,
  selected: Int32Array,
  count: number,
  topK: number,
  shares: Float32Array | Float64Array,
): number {
  let total = 1;
  if (renormalisesGate(topK)) {
    total = 0;
    for (let i = 0; i < count; i++) total += p[selected[i]!]!;
  }
  for (let i = 0; i < count; i++) shares[i] = p[selected[i]!]! / total;
  return total;
}

/**
 * Runs expert `j` on e: hidden = relu(W1_j · e + b1_j), out = W2_j · hidden
 * + b2_j.
 */
export function expertInto(
  model: MoeModel,
  j: number,
  e: Float32Array | Float64Array,
  hidden: Float32Array | Float64Array,
  out: Float32Array | Float64Array,
): void {
  const { dimension: d, hidden: h } = model.architecture;
  const classes = model.classCount;
  const w1 = model.hiddenWeights;
  const w2 = model.outputWeights;
  for (let u = 0; u < h; u++) {
    let sum = model.hiddenBias[j * h + u]!;
    const offset = (j * h + u) * d;
    for (let t = 0; t < d; t++) sum += w1[offset + t]! * e[t]!;
    hidden[u] = sum > 0 ? sum : 0;
  }
  for (let c = 0; c < classes; c++) {
    let sum = model.outputBias[j * classes + c]!;
    const offset = (j * classes + c) * h;
    for (let u = 0; u < h; u++) sum += w2[offset + u]! * hidden[u]!;
    out[c] = sum;
  }
}
