/**
 * Returns P(X ≥ observed) for a negative binomial count with the given
 * mean and size (dispersion) r, or for a Poisson count when r is
 * Infinity. Variance is mean + mean² / r. Sums the probability mass below
 * `observed` by recurrence, which is exact and cheap for the small
 * counts of daily appeal series.
 */
export function upperTail(observed: number, mean: number, size: number): number {
  if (observed <= 0) return 1;
  if (mean <= 0) return 0;
  let mass: number;
  let cumulative = 0;
  if (!Number.isFinite(size)) {
    mass = Math.exp(-mean);
    for (let k = 0; k < observed; k += 1) {
      cumulative += mass;
      mass *= mean / (k + 1);
    }
  } else {
    const p = size / (size + mean);
    mass = Math.exp(size * Math.log(p));
    const q = 1 - p;
    for (let k = 0; k < observed; k += 1) {
      cumulative += mass;
      mass *= ((k + size) / (k + 1)) * q;
    }
  }
  return Math.min(1, Math.max(0, 1 - cumulative));
}
