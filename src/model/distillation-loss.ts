/** Settings of the distillation loss. */
export interface DistillationLossSettings {
  /** Weight of cross-entropy on gold labels; 1 − alpha goes to the KL term. */
  alpha: number;
  /** Softmax temperature T for the KL term (scaled by T² as Hinton et al.). */
  temperature: number;
}

const floor = 1e-8;

/**
 * Softens teacher probabilities with a temperature: p_T ∝ p^(1/T), with
 * probabilities floored at 1e-8 so that sampled zeros stay finite. Writes
 * the result into `out`.
 */
export function softenTeacher(
  probabilities: ArrayLike<number>,
  temperature: number,
  out: Float32Array,
): void {
  let max = -Infinity;
  for (let c = 0; c < out.length; c++) {
    const value = Math.log(Math.max(floor, probabilities[c]!)) / temperature;
    out[c] = value;
    if (value > max) max = value;
  }
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < out.length; c++) out[c]! /= sum;
}

/**
 * Per-example temperature from the teacher's entropy: a confident teacher
 * (entropy near 0) gets the full `temperature`, so its small probabilities
 * still teach, while a uniform teacher gets 1 because its distribution is
 * already soft. T_i = 1 + (T − 1)(1 − H(p) / ln C).
 */
export function adaptiveTemperature(
  probabilities: ArrayLike<number>,
  temperature: number,
): number {
  const classes = probabilities.length;
  let entropy = 0;
  for (let c = 0; c < classes; c++) {
    const p = probabilities[c]!;
    if (p > 0) entropy -= p * Math.log(p);
  }
  const normalised = classes > 1 ? entropy / Math.log(classes) : 0;
  return 1 + (temperature - 1) * (1 - Math.min(1, normalised));
}

/**
 * Loss of one example and its gradient with respect to the logits z:
 * α·CE(gold, softmax(z)) + (1 − α)·T²·KL(p_T ‖ softmax(z / T)). A row with
 * only a gold label uses CE alone (weight 1); a row with only a teacher
 * distribution uses T²·KL alone (weight 1). `softTeacher` is the teacher
 * distribution already softened at `temperature` (see `softenTeacher`).
 * The gradient is written into `gradient`; `scratch` needs C entries.
 */
export function distillationLoss(
  logits: Float32Array,
  gold: number | null,
  softTeacher: Float32Array | null,
  temperature: number,
  alpha: number,
  gradient: Float32Array,
  scratch: Float32Array,
): number {
  const classes = logits.length;
  let ceWeight = 0;
  let klWeight = 0;
  if (gold !== null && softTeacher !== null) {
    ceWeight = alpha;
    klWeight = 1 - alpha;
  } else if (gold !== null) {
    ceWeight = 1;
  } else if (softTeacher !== null) {
    klWeight = 1;
  }
  gradient.fill(0);
  let loss = 0;
  if (ceWeight > 0 && gold !== null) {
    softmaxInto(logits, 1, scratch);
    loss -= ceWeight * Math.log(Math.max(1e-12, scratch[gold]!));
    for (let c = 0; c < classes; c++) {
      gradient[c]! += ceWeight * (scratch[c]! - (c === gold ? 1 : 0));
    }
  }
  if (klWeight > 0 && softTeacher !== null) {
    const logNormaliser = softmaxInto(logits, temperature, scratch);
    const squared = temperature * temperature;
    let divergence = 0;
    for (let c = 0; c < classes; c++) {
      const p = softTeacher[c]!;
      if (p > 0) {
        const logQ = logits[c]! / temperature - logNormaliser;
        divergence += p * (Math.log(p) - logQ);
      }
    }
    loss += klWeight * squared * divergence;
    // d/dz of T²·KL(p ‖ softmax(z/T)) = T·(q_T − p).
    for (let c = 0; c < classes; c++) {
      gradient[c]! += klWeight * temperature * (scratch[c]! - softTeacher[c]!);
    }
  }
  return loss;
}

/** softmax(z / T) into `out`; returns log Σ exp(z / T). */
function softmaxInto(
  logits: Float32Array,
  temperature: number,
  out: Float32Array,
): number {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) {
    max = Math.max(max, logits[c]! / temperature);
  }
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    out[c] = Math.exp(logits[c]! / temperature - max);
    sum += out[c]!;
  }
  for (let c = 0; c < logits.length; c++) out[c]! /= sum;
  return max + Math.log(sum);
}
