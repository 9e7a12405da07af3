/**
 * Fits the temperature T that minimises the negative log-likelihood of the
 * true classes under softmax(logits / T) (temperature scaling, Guo et al.
 * 2017). A golden-section search over log T in [1/20, 20] suffices because
 * the NLL is unimodal in T.
 *
 * @param logits one Float32Array of raw scores per example
 * @param targets the true class index of each example
 */
export function fitTemperature(
  logits: readonly Float32Array[],
  targets: readonly number[],
): number {
  if (logits.length === 0) return 1;
  const nll = (logTemperature: number): number => {
    const temperature = Math.exp(logTemperature);
    let total = 0;
    for (let i = 0; i < logits.length; i++) {
      const row = logits[i]!;
      let max = -Infinity;
      for (const value of row) max = Math.max(max, value / temperature);
      let sum = 0;
      for (const value of row) sum += Math.exp(value / temperature - max);
      total -= row[targets[i]!]! / temperature - max - Math.log(sum);
    }
    return total / logits.length;
  };
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(1 / 20);
  let high = Math.log(20);
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let fa = nll(a);
  let fb = nll(b);
  for (let step = 0; step < 60; step++) {
    if (fa < fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - ratio * (high - low);
      fa = nll(a);
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + ratio * (high - low);
      fb = nll(b);
    }
  }
  return Math.exp((low + high) / 2);
}

/**
 * Expected calibration error over equal-width confidence bins: the mean gap
 * between confidence and accuracy, weighted by bin size.
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): number {
  const count = new Array<number>(bins).fill(0);
  const confidenceSum = new Array<number>(bins).fill(0);
  const correctSum = new Array<number>(bins).fill(0);
  confidences.forEach((confidence, i) => {
    const bin = Math.min(bins - 1, Math.floor(confidence * bins));
    count[bin]! += 1;
    confidenceSum[bin]! += confidence;
    correctSum[bin]! += correct[i] ? 1 : 0;
  });
  let error = 0;
  for (let bin = 0; bin < bins; bin++) {
    if (count[bin] === 0) continue;
    error += Math.abs(confidenceSum[bin]! - correctSum[bin]!);
  }
  return confidences.length === 0 ? 0 : error / confidences.length;
}
