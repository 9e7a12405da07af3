import type { CategoryPairCount } from '../store/report-queries.ts';

/** Precision, recall and F1 of one category. */
export interface LabelAgreement {
  label: string;
  /** Appeals recorded with this category. */
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Agreement of model categories with the categories recorded in the source. */
export interface Agreement {
  /** Appeals that carried a recorded category. */
  rows: number;
  /** Share of those where the model chose the recorded category. */
  accuracy: number;
  /** Unweighted mean F1 over every label recorded or predicted. */
  macroF1: number;
  labels: LabelAgreement[];
}

/**
 * Computes accuracy and macro-F1 from (recorded, predicted) counts, or
 * returns null when no appeal had a recorded category. A label that is
 * never predicted has precision 0, as scikit-learn reports with
 * `zero_division=0`.
 */
export function computeAgreement(
  pairs: readonly CategoryPairCount[],
): Agreement | null {
  const recordedTotals = new Map<string, number>();
  const predictedTotals = new Map<string, number>();
  const hits = new Map<string, number>();
  let rows = 0;
  let correct = 0;
  for (const pair of pairs) {
    if (pair.count <= 0) continue;
    rows += pair.count;
    add(recordedTotals, pair.recorded, pair.count);
    add(predictedTotals, pair.predicted, pair.count);
    if (pair.recorded === pair.predicted) {
      correct += pair.count;
      add(hits, pair.recorded, pair.count);
    }
  }
  if (rows === 0) return null;

  const labelNames = [
    ...new Set([...recordedTotals.keys(), ...predictedTotals.keys()]),
  ].sort();
  const labels = labelNames.map((label) => {
    const hit = hits.get(label) ?? 0;
    const support = recordedTotals.get(label) ?? 0;
    const predicted = predictedTotals.get(label) ?? 0;
    const precision = predicted === 0 ? 0 : hit / predicted;
    const recall = support === 0 ? 0 : hit / support;
    const f1 =
      precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall);
    return { label, support, precision, recall, f1 };
  });
  const macroF1 =
    labels.reduce((sum, label) => sum + label.f1, 0) / labels.length;
  return { rows, accuracy: correct / rows, macroF1, labels };
}

function add(counts: Map<string, number>, key: string, amount: number): void {
  counts.set(key, (counts.get(key) ?? 0) + amount);
}
