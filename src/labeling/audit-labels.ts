import { InvalidArgumentError } from '../errors/index.ts';
import type { SoftmaxTrainingOptions } from '../model/train-softmax.ts';
import type { TrainingExample } from '../model/training-example.ts';
import type { FeatureSettings } from '../text/features.ts';
import { confidentLearning } from './confident-learning.ts';
import { outOfFoldProbabilities } from './out-of-fold-probabilities.ts';

/** A row the audit flags, with the evidence. */
export interface AuditFinding {
  source: string;
  text: string;
  givenLabel: string;
  suggestedLabel: string;
  selfConfidence: number;
  suggestedProbability: number;
  /** Threshold of the suggested label that its probability reached. */
  suggestedThreshold: number;
}

/** Result of a label audit. */
export interface AuditReport {
  rows: number;
  labels: string[];
  thresholds: Record<string, number>;
  /** confidentJoint[given][suggested], indexed like `labels`. */
  confidentJoint: number[][];
  findings: AuditFinding[];
}

/** Settings of a label audit. */
export interface AuditOptions {
  folds: number;
  epochs: number;
  settings: FeatureSettings;
  training: SoftmaxTrainingOptions;
}

/**
 * Audits labels with confident learning over k-fold out-of-fold
 * probabilities of the student model and lists the likely mislabelled
 * rows, least self-confident first.
 *
 * @throws InvalidArgumentError with fewer than two folds or two labels, or
 *   fewer rows than folds.
 */
export function auditLabels(
  examples: readonly TrainingExample[],
  options: AuditOptions,
): AuditReport {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (!Number.isInteger(options.folds) || options.folds < 2) {
    throw new InvalidArgumentError({
      parameter: '--folds',
      value: options.folds,
      message: `--folds must be an integer of at least 2, got ${options.folds}.`,
    });
  }
  if (labels.length < 2 || examples.length < options.folds) {
    throw new InvalidArgumentError({
      parameter: '--data',
      value: examples.length,
      message:
        `the audit needs at least two labels and ${options.folds} rows; ` +
        `got ${labels.length} label(s) in ${examples.length} rows.`,
    });
  }
  const probabilities = outOfFoldProbabilities(examples, labels, options);
  const index = new Map(labels.map((label, i) => [label, i]));
  const given = examples.map((example) => index.get(example.label)!);
  const result = confidentLearning(given, probabilities, labels.length);
  return {
    rows: examples.length,
    labels,
    thresholds: Object.fromEntries(
      labels.map((label, c) => [label, result.thresholds[c]!]),
    ),
    confidentJoint: result.confidentJoint,
    findings: result.issues.map((issue) => {
      const example = examples[issue.row]!;
      return {
        source: example.source,
        text: example.text,
        givenLabel: labels[issue.given]!,
        suggestedLabel: labels[issue.suggested]!,
        selfConfidence: issue.selfConfidence,
        suggestedProbability: issue.suggestedProbability,
        suggestedThreshold: issue.threshold,
      };
    }),
  };
}
