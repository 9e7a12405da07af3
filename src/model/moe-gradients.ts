import type { EncodedDataset } from './encoded-dataset.ts';
import {
  embedInto,
  expertInto,
  gateProbabilitiesInto,
  mixingWeightsInto,
  renormalisesGate,
  skipInto,
  type MoeModel,
} from './moe-model.ts';

/**
 * Gradients of a batch loss with the shapes of a `MoeModel`. The embedding
 * gradient is sparse: `rows[0..rowCount)` lists the touched rows and
 * `values[slot * d ..]` holds the gradient of the row in that slot.
 */
export class MoeGradients {
  readonly dimension: number;
  readonly slotOfRow: Int32Array;
  rows: Int32Array;
  values: Float64Array;
  rowCount = 0;
  readonly gateWeights: Float64Array;
  readonly gateBias: Float64Array;
  readonly hiddenWeights: Float64Array;
  readonly hiddenBias: Float64Array;
  readonly outputWeights: Float64Array;
  readonly outputBias: Float64Array;
  readonly skipWeights: Float64Array;
  readonly skipBias: Float64Array;

  constructor(model: MoeModel) {
    this.dimension = model.architecture.dimension;
    this.slotOfRow = new Int32Array(model.architecture.buckets).fill(-1);
    this.rows = new Int32Array(1024);
    this.values = new Float64Array(1024 * this.dimension);
    this.gateWeights = new Float64Array(model.gateWeights.length);
    this.gateBias = new Float64Array(model.gateBias.length);
    this.hiddenWeights = new Float64Array(model.hiddenWeights.length);
    this.hiddenBias = new Float64Array(model.hiddenBias.length);
    this.outputWeights = new Float64Array(model.outputWeights.length);
    this.outputBias = new Float64Array(model.outputBias.length);
    this.skipWeights = new Float64Array(model.skipWeights.length);
    this.skipBias = new Float64Array(model.skipBias.length);
  }

  /** Sets every gradient to zero. */
  clear(): void {
    for (let i = 0; i < this.rowCount; i++) this.slotOfRow[this.rows[i]!] = -1;
    this.values.fill(0, 0, this.rowCount * this.dimension);
    this.rowCount = 0;
    this.gateWeights.fill(0);
    this.gateBias.fill(0);
    this.hiddenWeights.fill(0);
    this.hiddenBias.fill(0);
    this.outputWeights.fill(0);
    this.outputBias.fill(0);
    this.skipWeights.fill(0);
    this.skipBias.fill(0);
  }

  /** Offset into `values` of the gradient of embedding row `row`. */
  slot(row: number): number {
    let slot = this.slotOfRow[row]!;
    if (slot === -1) {
      slot = this.rowCount++;
      if (slot === this.rows.length) {
        const rows = new Int32Array(this.rows.length * 2);
        rows.set(this.rows);
        this.rows = rows;
        const values = new Float64Array(this.values.length * 2);
        values.set(this.values);
        this.values = values;
      }
      this.rows[slot] = row;
      this.slotOfRow[row] = slot;
    }
    return slot * this.dimension;
  }
}

/** Settings of the training loss. */
export interface MoeLossOptions {
  /** α of the load-balancing term α · N · Σ_i f_i · P_i (0 disables it). */
  balanceWeight: number;
  /**
   * Expert capacity factor: each expert takes at most
   * ceil(factor · batch · topK / N) routing slots per batch. Null means
   * unlimited.
   */
  capacityFactor: number | null;
  /** Loss weight of each class; null weighs every example 1. */
  classWeights: Float32Array | null;
}

/** What one batch measured. */
export interface MoeBatchResult {
  /** Mean weighted cross-entropy plus the balancing term. */
  loss: number;
  crossEntropy: number;
  balance: number;
  /** Routing slots that found no expert with room and were dropped. */
  dropped: number;
  /** Routing slots each expert received. */
  assignments: Int32Array;
}

/**
 * Computes the loss of a batch and adds its gradients to `gradients`.
 *
 * Loss = (1/B) Σ_b w_{y_b} · CE(logits_b, y_b) + α · N · Σ_i f_i · P_i,
 * where f_i = (routing slots given to expert i) / (B · topK) and P_i is
 * the mean gate probability of expert i over the batch (Switch
 * Transformer style balancing). f_i counts are treated as constants, as is
 * the choice of experts, so the gradient is exact wherever the routing
 * does not change.
 *
 * Capacity: examples are routed in batch order; each takes its experts in
 * order of gate probability and skips an expert that is full, so a slot
 * over capacity falls to the next-best expert with room. When no expert
 * has room the slot is dropped and the example uses fewer experts. With
 * topK ≥ 2 the weights renormalise over the experts it got. With none,
 * only the skip layer and its bias produce the logits.
 */
export function batchLossAndGradients(
  model: MoeModel,
  data: EncodedDataset,
  rows: ArrayLike<number>,
  options: MoeLossOptions,
  gradients: MoeGradients,
): MoeBatchResult {
  const a = model.architecture;
  const { dimension: d, experts: n, hidden: h, topK } = a;
  const classes = model.classCount;
  const batch = rows.length;
  const embedded = new Float64Array(batch * d);
  const probabilities = new Float64Array(batch * n);
  const routes = new Int32Array(batch * Math.max(1, topK));
  const routeCounts = new Int32Array(batch);
  const assignments = new Int32Array(n);
  const e = new Float64Array(d);
  const p = new Float64Array(n);

  for (let b = 0; b < batch; b++) {
    const row = rows[b]!;
    embedInto(model, data.ids, data.weights, data.offsets[row]!, data.offsets[row + 1]!, e);
    embedded.set(e, b * d);
    if (n === 0) continue;
    gateProbabilitiesInto(model, e, p);
    probabilities.set(p, b * n);
  }

  // Route with the capacity limit, examples in batch order.
  const capacity =
    options.capacityFactor === null || n === 0
      ? Infinity
      : Math.ceil((options.capacityFactor * batch * topK) / n);
  let dropped = 0;
  const order = new Int32Array(n);
  for (let b = 0; b < batch && n > 0; b++) {
    for (let i = 0; i < n; i++) order[i] = i;
    const base = b * n;
    const sorted = Array.from(order).sort(
      (x, y) => probabilities[base + y]! - probabilities[base + x]! || x - y,
    );
    let count = 0;
    for (const expert of sorted) {
      if (count === topK) break;
      if (assignments[expert]! >= capacity) continue;
      routes[b * topK + count++] = expert;
      assignments[expert]! += 1;
    }
    routeCounts[b] = count;
    dropped += topK - count;
  }

  // Balancing term and its gradient with respect to each p_{b,i}.
  let balance = 0;
  const balanceGradient = new Float64Array(n);
  if (n > 0 && options.balanceWeight > 0) {
    for (let i = 0; i < n; i++) {
      const f = assignments[i]! / (batch * topK);
      let mean = 0;
      for (let b = 0; b < batch; b++) mean += probabilities[b * n + i]!;
      mean /= batch;
      balance += f * mean;
      balanceGradient[i] = (options.balanceWeight * n * f) / batch;
    }
    balance *= options.balanceWeight * n;
  }

  const logits = new Float64Array(classes);
  const dz = new Float64Array(classes);
  const de = new Float64Array(d);
  const hiddenValues = new Float64Array(Math.max(1, topK) * h);
  const expertOutputs = new Float64Array(Math.max(1, topK) * classes);
  const dq = new Float64Array(Math.max(1, topK));
  const shares = new Float64Array(Math.max(1, topK));
  const renormalised = renormalisesGate(topK);
  const dp = new Float64Array(n);
  const dh = new Float64Array(h);
  const dy = new Float64Array(classes);
  let crossEntropy = 0;

  for (let b = 0; b < batch; b++) {
    const row = rows[b]!;
    const eb = embedded.subarray(b * d, b * d + d);
    const pb = probabilities.subarray(b * n, b * n + n);
    const count = routeCounts[b]!;
    skipInto(model, eb, logits);
    const routed = routes.subarray(b * topK, b * topK + count);
    const total = mixingWeightsInto(pb, routed, count, topK, shares);
    for (let s = 0; s < count; s++) {
      const expert = routed[s]!;
      const hs = hiddenValues.subarray(s * h, s * h + h);
      const ys = expertOutputs.subarray(s * classes, s * classes + classes);
      expertInto(model, expert, eb, hs, ys);
      const share = shares[s]!;
      for (let c = 0; c < classes; c++) logits[c]! += share * ys[c]!;
    }

    // Softmax cross-entropy; dz = ∂loss/∂logits.
    const target = data.targets[row]!;
    const weight = options.classWeights?.[target] ?? 1;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[c]! - max);
    crossEntropy += weight * (Math.log(sum) + max - logits[target]!);
    for (let c = 0; c < classes; c++) {
      const probability = Math.exp(logits[c]! - max) / sum;
      dz[c] = (weight * (probability - (c === target ? 1 : 0))) / batch;
    }

    de.fill(0);
    // Skip layer.
    for (let c = 0; c < classes; c++) {
      gradients.skipBias[c]! += dz[c]!;
      if (!a.skip) continue;
      const offset = c * d;
      for (let j = 0; j < d; j++) {
        gradients.skipWeights[offset + j]! += dz[c]! * eb[j]!;
        de[j]! += model.skipWeights[offset + j]! * dz[c]!;
      }
    }

    // Experts, and ∂loss/∂q for the mixing weights.
    for (let s = 0; s < count; s++) {
      const expert = routed[s]!;
      const share = shares[s]!;
      const hs = hiddenValues.subarray(s * h, s * h + h);
      const ys = expertOutputs.subarray(s * classes, s * classes + classes);
      let shareGradient = 0;
      for (let c = 0; c < classes; c++) {
        shareGradient += dz[c]! * ys[c]!;
        dy[c] = share * dz[c]!;
      }
      dq[s] = shareGradient;
      dh.fill(0);
      for (let c = 0; c < classes; c++) {
        const index = expert * classes + c;
        gradients.outputBias[index]! += dy[c]!;
        const offset = index * h;
        for (let u = 0; u < h; u++) {
          gradients.outputWeights[offset + u]! += dy[c]! * hs[u]!;
          dh[u]! += model.outputWeights[offset + u]! * dy[c]!;
        }
      }
      for (let u = 0; u < h; u++) {
        if (hs[u]! <= 0) continue;
        const index = expert * h + u;
        gradients.hiddenBias[index]! += dh[u]!;
        const offset = index * d;
        for (let j = 0; j < d; j++) {
          gradients.hiddenWeights[offset + j]! += dh[u]! * eb[j]!;
          de[j]! += model.hiddenWeights[offset + j]! * dh[u]!;
        }
      }
    }

    if (n > 0) {
      dp.set(balanceGradient);
      if (renormalised) {
        // q_j = p_j / Z over the routed set: ∂q_j/∂p_i = (δ_ij − q_j) / Z.
        let mixed = 0;
        for (let s = 0; s < count; s++) mixed += dq[s]! * shares[s]!;
        for (let s = 0; s < count; s++) {
          dp[routed[s]!]! += (dq[s]! - mixed) / total;
        }
      } else {
        // q_j = p_j: ∂q_j/∂p_i = δ_ij.
        for (let s = 0; s < count; s++) dp[routed[s]!]! += dq[s]!;
      }
      // Softmax: ∂loss/∂g_i = p_i · (dp_i − Σ_j p_j · dp_j).
      let dot = 0;
      for (let i = 0; i < n; i++) dot += pb[i]! * dp[i]!;
      for (let i = 0; i < n; i++) {
        const dg = pb[i]! * (dp[i]! - dot);
        gradients.gateBias[i]! += dg;
        const offset = i * d;
        for (let j = 0; j < d; j++) {
          gradients.gateWeights[offset + j]! += dg * eb[j]!;
          de[j]! += model.gateWeights[offset + j]! * dg;
        }
      }
    }

    // Embedding bag: ∂loss/∂E[id_k] = w_k · ∂loss/∂e.
    for (let k = data.offsets[row]!; k < data.offsets[row + 1]!; k++) {
      const id = data.ids[k]!;
      if (model.liveRows[id] === 0) continue;
      const offset = gradients.slot(id);
      const value = data.weights[k]!;
      const values = gradients.values;
      for (let j = 0; j < d; j++) values[offset + j]! += value * de[j]!;
    }
  }
  crossEntropy /= batch;
  return {
    loss: crossEntropy + balance,
    crossEntropy,
    balance,
    dropped,
    assignments,
  };
}
