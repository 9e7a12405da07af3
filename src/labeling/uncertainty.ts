/** Uncertainty measure. */
export type UncertaintyMeasure = 'margin' | 'entropy';

/**
 * Uncertainty of one probability vector, larger when less sure: for
 * `margin`, 1 − (p₁ − p₂) with p₁ ≥ p₂ the two largest probabilities; for
 * `entropy`, −Σ p ln p divided by ln C so that it lies in [0, 1].
 */
export function uncertainty(
  probabilities: ArrayLike<number>,
  measure: UncertaintyMeasure,
): number {
  const classes = probabilities.length;
  if (measure === 'entropy') {
    let entropy = 0;
    for (let c = 0; c < classes; c++) {
      const p = probabilities[c]!;
      if (p > 0) entropy -= p * Math.log(p);
    }
    return classes > 1 ? entropy / Math.log(classes) : 0;
  }
  let first = -Infinity;
  let second = -Infinity;
  for (let c = 0; c < classes; c++) {
    const p = probabilities[c]!;
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) {
      second = p;
    }
  }
  return classes > 1 ? 1 - (first - second) : 0;
}
