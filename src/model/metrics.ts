/** Precision, recall and F1 of one class. */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Classification metrics over one evaluation set. */
export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[actual][predicted], indexed like `labels`. */
  confusion: number[][];
  labels: string[];
}

/**
 * Computes accuracy, macro-F1, per-class precision/recall/F1 and the
 * confusion matrix. Labels outside `labels` count as errors of a class
 * nobody predicts, so they lower accuracy but not any class's precision.
 */
export function computeMetrics(
  actual: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): ClassificationMetrics {
  if (actual.length !== predicted.length) {
    throw new RangeError(
      `actual has ${actual.length} labels but predicted has ${predicted.length}`,
    );
  }
  const index = new Map(labels.map((label, i) => [label, i]));
  const size = labels.length;
  const confusion = Array.from({ length: size }, () =>
    new Array<number>(size).fill(0),
  );
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] === predicted[i]) correct++;
    const a = index.get(actual[i]!);
    const p = index.get(predicted[i]!);
    if (a !== undefined && p !== undefined) confusion[a]![p]! += 1;
  }
  const perClass = labels.map((label, c) => {
    const truePositive = confusion[c]![c]!;
    let predictedCount = 0;
    let support = 0;
    for (let k = 0; k < size; k++) {
      predictedCount += confusion[k]![c]!;
      support += confusion[c]![k]!;
    }
    const precision = predictedCount === 0 ? 0 : truePositive / predictedCount;
    const recall = support === 0 ? 0 : truePositive / support;
    const f1 =
      precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support, predictedCount };
  });
  // Like scikit-learn: average over the classes that occur in either list.
  const scored = perClass.filter(
    (row) => row.support > 0 || row.predictedCount > 0,
  );
  const macroF1 =
    scored.length === 0
      ? 0
      : scored.reduce((sum, row) => sum + row.f1, 0) / scored.length;
  return {
    n: actual.length,
    accuracy: actual.length === 0 ? 0 : correct / actual.length,
    macroF1,
    perClass: perClass.map(({ predictedCount: _, ...row }) => row),
    confusion,
    labels: [...labels],
  };
}
