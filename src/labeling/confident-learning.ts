/** One row that confident learning flags as likely mislabelled. */
export interface LabelIssue {
  row: number;
  given: number;
  suggested: number;
  /** Out-of-fold probability of the given label. */
  selfConfidence: number;
  /** Out-of-fold probability of the suggested label. */
  suggestedProbability: number;
  /** Per-class threshold the suggested label's probability reached. */
  threshold: number;
}

/** Result of confident learning over a labelled set. */
export interface ConfidentLearningResult {
  /** t_j: mean probability of class j over rows labelled j. */
  thresholds: number[];
  /** confidentJoint[given][suggested]: counts of confidently placed rows. */
  confidentJoint: number[][];
  /** Off-diagonal rows, least self-confident first. */
  issues: LabelIssue[];
}

/**
 * Confident learning (Northcutt, Jiang and Chuang, 2021): with out-of-fold
 * probabilities, each class j gets the threshold t_j = mean p_j over rows
 * labelled j. A row counts towards class j when p_j ≥ t_j (the largest
 * such p_j when several pass); it lands in the confident joint at
 * [given label, j]. Rows off the diagonal are the likely label errors.
 *
 * @param given the given label index of each row
 * @param probabilities out-of-fold probabilities of each row
 */
export function confidentLearning(
  given: readonly number[],
  probabilities: readonly ArrayLike<number>[],
  classes: number,
): ConfidentLearningResult {
  const sums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  given.forEach((label, row) => {
    sums[label]! += probabilities[row]![label]!;
    counts[label]! += 1;
  });
  const thresholds = Array.from(sums, (sum, c) =>
    counts[c]! > 0 ? sum / counts[c]! : 1,
  );
  const joint = Array.from({ length: classes }, () =>
    new Array<number>(classes).fill(0),
  );
  const issues: LabelIssue[] = [];
  given.forEach((label, row) => {
    const p = probabilities[row]!;
    let placed = -1;
    for (let c = 0; c < classes; c++) {
      if (p[c]! >= thresholds[c]! && (placed < 0 || p[c]! > p[placed]!)) {
        placed = c;
      }
    }
    if (placed < 0) return;
    joint[label]![placed]! += 1;
    if (placed === label) return;
    issues.push({
      row,
      given: label,
      suggested: placed,
      selfConfidence: p[label]!,
      suggestedProbability: p[placed]!,
      threshold: thresholds[placed]!,
    });
  });
  issues.sort((a, b) => a.selfConfidence - b.selfConfidence || a.row - b.row);
  return { thresholds, confidentJoint: joint, issues };
}
