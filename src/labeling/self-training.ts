/** A confidence threshold and what it gave on validation. */
export interface ConfidenceThreshold {
  threshold: number;
  /** Accuracy of validation predictions at or above the threshold. */
  precision: number;
  /** Share of validation rows at or above the threshold. */
  coverage: number;
}

/**
 * Chooses the pseudo-label threshold on validation: the lowest confidence
 * at which the predictions at or above it are still at least
 * `targetPrecision` accurate, which keeps the most pseudo-labels at that
 * precision. Returns a threshold above 1 (no pseudo-labels) when no
 * prefix reaches the target.
 *
 * @param confidences validation top probabilities
 * @param correct whether each validation prediction was right
 */
export function chooseConfidenceThreshold(
  confidences: readonly number[],
  correct: readonly boolean[],
  targetPrecision: number,
): ConfidenceThreshold {
  const order = confidences
    .map((confidence, i) => ({ confidence, correct: correct[i] === true }))
    .sort((a, b) => b.confidence - a.confidence);
  let hits = 0;
  let best: ConfidenceThreshold = { threshold: 1.01, precision: 1, coverage: 0 };
  for (let i = 0; i < order.length; i++) {
    if (order[i]!.correct) hits += 1;
    const next = order[i + 1];
    // Only cut between distinct confidences, so ties stay together.
    if (next !== undefined && next.confidence === order[i]!.confidence) continue;
    const precision = hits / (i + 1);
    if (precision >= targetPrecision) {
      best = {
        threshold: order[i]!.confidence,
        precision,
        coverage: (i + 1) / order.length,
      };
    }
  }
  return best;
}

/** Indexes and labels of unlabelled rows confident enough to pseudo-label. */
export function selectPseudoLabels(
  probabilities: readonly ArrayLike<number>[],
  threshold: number,
): Array<{ row: number; label: number; confidence: number }> {
  const chosen: Array<{ row: number; label: number; confidence: number }> = [];
  probabilities.forEach((row, index) => {
    let best = 0;
    for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
    if (row[best]! >= threshold) {
      chosen.push({ row: index, label: best, confidence: row[best]! });
    }
  });
  return chosen;
}
