import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { auditLabels } from '../../labeling/audit-labels.ts';
import { readTrainingData } from '../../model/read-training-data.ts';
import { defaultSoftmaxTrainingOptions } from '../../model/train-softmax.ts';
import { defaultFeatureSettings } from '../../text/features.ts';
import { parseCount } from './parse-options.ts';

interface AuditFlags {
  data: string[];
  folds: string;
  epochs: string;
  buckets: string;
  show: string;
  json?: boolean;
}

/** Registers `hotline labels` with its `audit` subcommand. */
export const registerLabels: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  const labels = program
    .command('labels')
    .description('Check labelled training data.');
  labels
    .command('audit')
    .description(
      'List likely mislabelled rows with confident learning: out-of-fold ' +
        'probabilities from k-fold training, per-class thresholds (mean ' +
        'self-confidence) and the off-diagonal of the confident joint.',
    )
    .requiredOption('--data <files...>', 'labelled .jsonl or .jsonl.gz files')
    .option('--folds <k>', 'cross-validation folds', '5')
    .option('--epochs <n>', 'training epochs per fold', '6')
    .option('--buckets <bits>', 'hash buckets as a power of two (bits)', '18')
    .option('--show <n>', 'rows to print, least self-confident first', '30')
    .option('--json', 'print the whole report as one JSON object')
    .action(async (flags: AuditFlags) => {
      const folds = parseCount('--folds', flags.folds, 2, 20);
      const epochs = parseCount('--epochs', flags.epochs, 1, 100);
      const bits = parseCount('--buckets', flags.buckets, 10, 24);
      const show = parseCount('--show', flags.show, 0, Number.MAX_SAFE_INTEGER);
      const data = await readTrainingData(flags.data);
      const report = auditLabels(data.examples, {
        folds,
        epochs,
        settings: { ...defaultFeatureSettings, buckets: 2 ** bits },
        training: defaultSoftmaxTrainingOptions,
      });
      if (flags.json === true) {
        context.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      const lines = [
        `rows:       ${report.rows}`,
        `flagged:    ${report.findings.length}`,
        `thresholds: ${report.labels.map((label) => `${label} ${report.thresholds[label]!.toFixed(3)}`).join(', ')}`,
        '',
      ];
      for (const finding of report.findings.slice(0, show)) {
        lines.push(
          `${finding.source}  ${finding.givenLabel} → ${finding.suggestedLabel}  ` +
            `p(given) ${finding.selfConfidence.toFixed(3)}, ` +
            `p(suggested) ${finding.suggestedProbability.toFixed(3)} ≥ ` +
            `${finding.suggestedThreshold.toFixed(3)}  ${finding.text.slice(0, 40)}`,
        );
      }
      context.stdout.write(`${lines.join('\n')}\n`);
    });
};
