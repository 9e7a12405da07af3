import { classifyAppealType } from '../extract/index.ts';
import type { TrainingExample } from './training-example.ts';

/**
 * A label set derived from the category labels: each new label has one
 * parent among the old labels.
 */
export interface CategoryScheme {
  labels: string[];
  /** Index of the old label each new label refines, indexed like `labels`. */
  parentOf: number[];
  /** New label of one example. */
  labelOf(example: TrainingExample): string;
}

/** Suffix of the consultation half of a split category. */
export const consultationSuffix = '·咨询';
/** Suffix of the other half (complaints, reports, requests, praise). */
export const requestSuffix = '·诉求';

/**
 * Splits every category into consultations (the extractor's appeal type
 * `consultation`: a question about rules or procedures, usually answered
 * from the knowledge base) and everything else (complaints, reports,
 * requests for action, suggestions, help and praise, which go to a
 * department). The split comes from the appeal-type extractor's cue
 * phrases, not from the category, so the model has to learn a distinction
 * that the category head was never trained on.
 */
export function consultationScheme(oldLabels: readonly string[]): CategoryScheme {
  const labels: string[] = [];
  const parentOf: number[] = [];
  oldLabels.forEach((label, parent) => {
    labels.push(label + consultationSuffix, label + requestSuffix);
    parentOf.push(parent, parent);
  });
  return {
    labels,
    parentOf,
    labelOf(example) {
      const type = classifyAppealType('', example.text).type;
      return example.label + (type === 'consultation' ? consultationSuffix : requestSuffix);
    },
  };
}

/** Relabels examples with a scheme. */
export function relabel(
  examples: readonly TrainingExample[],
  scheme: CategoryScheme,
): TrainingExample[] {
  return examples.map((example) => ({ ...example, label: scheme.labelOf(example) }));
}

/**
 * Finds the map from old predicted labels to new labels with the highest
 * accuracy on the given rows. Each old label maps to the commonest new
 * label among the rows predicted as it, and ties go to the lower index.
 * An old label that is never predicted maps to its first child, or 0.
 */
export function bestMapping(
  oldPredicted: readonly number[],
  newTargets: ArrayLike<number>,
  oldClasses: number,
  scheme: Pick<CategoryScheme, 'labels' | 'parentOf'>,
): number[] {
  const newClasses = scheme.labels.length;
  const counts = Array.from({ length: oldClasses }, () => new Array<number>(newClasses).fill(0));
  oldPredicted.forEach((old, i) => {
    counts[old]![newTargets[i]!]! += 1;
  });
  return counts.map((row, old) => {
    let best = -1;
    for (let c = 0; c < newClasses; c++) {
      if (row[c]! > 0 && (best === -1 || row[c]! > row[best]!)) best = c;
    }
    if (best !== -1) return best;
    const child = scheme.parentOf.indexOf(old);
    return child === -1 ? 0 : child;
  });
}

/**
 * Computes the smoothed log share log((count + 0.5) / (parent rows + 1))
 * of each new label among the rows of its parent label, the bias that
 * `MoeAdapter.initialiseHeadFrom` adds to a copied parent row.
 */
export function childLogShares(
  newTargets: ArrayLike<number>,
  scheme: Pick<CategoryScheme, 'labels' | 'parentOf'>,
): number[] {
  const counts = new Array<number>(scheme.labels.length).fill(0);
  for (let i = 0; i < newTargets.length; i++) counts[newTargets[i]!]! += 1;
  const parentTotals = new Map<number, number>();
  scheme.parentOf.forEach((parent, c) => {
    parentTotals.set(parent, (parentTotals.get(parent) ?? 0) + counts[c]!);
  });
  return scheme.parentOf.map((parent, c) => {
    const total = parentTotals.get(parent)!;
    return Math.log((counts[c]! + 0.5) / (total + 1));
  });
}
