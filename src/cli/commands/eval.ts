import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { readTrainingData } from '../../model/read-training-data.ts';
import { loadStudentForInference } from '../../model/load-for-inference.ts';
import { evaluateStudent } from '../../model/evaluate-student.ts';
import { expertReport, expertReportText } from '../../model/expert-report.ts';
import { defaultModelPath } from '../../triage/triage.ts';

interface EvalFlags {
  data: string[];
  model: string;
  includeSegmented?: boolean;
  json?: boolean;
  experts?: boolean;
}

/** Pads a label to 16 terminal columns; CJK characters take two. */
function padLabel(label: string): string {
  let width = 0;
  for (const char of label) width += /[\u2e80-\uffff]/.test(char) ? 2 : 1;
  return label + ' '.repeat(Math.max(1, 16 - width));
}

const percent = (value: number): string => (value * 100).toFixed(2).padStart(6);

/** Registers `hotline eval`. */
export const registerEval: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  program
    .command('eval')
    .description(
      'Evaluate a student model on labelled JSON Lines files: accuracy, ' +
        'macro-F1, per-class precision/recall/F1 and the confusion matrix. ' +
        'Rows with only segmented tokens are left out unless asked for.',
    )
    .requiredOption('--data <files...>', 'labelled .jsonl or .jsonl.gz files')
    .option('--model <path>', 'model file', defaultModelPath)
    .option('--include-segmented', 'also score rows that have only segmented tokens')
    .option('--json', 'print one JSON object')
    .option(
      '--experts',
      'for a mixture-of-experts model: report instead how the gate routes ' +
        'the appeals, per expert its share and the categories, places and ' +
        'appeal types over-represented among its appeals',
    )
    .action(async (flags: EvalFlags) => {
      const student = loadStudentForInference(flags.model);
      const data = await readTrainingData(flags.data);
      const examples = data.examples.filter(
        (example) => flags.includeSegmented === true || !example.segmentedOnly,
      );
      if (examples.length === 0) {
        throw new InvalidArgumentError({
          parameter: '--data',
          value: flags.data,
          message:
            'no labelled raw-text rows to evaluate in ' +
            `${flags.data.join(', ')}. Pass files with a label and text, ` +
            'or add --include-segmented.',
        });
      }
      if (flags.experts === true) {
        const report = expertReport(student, examples);
        context.stdout.write(
          flags.json === true
            ? `${JSON.stringify({ model: flags.model, version: student.metadata.version, ...report })}\n`
            : `model:   ${flags.model} (${student.metadata.version})\n${expertReportText(report)}\n`,
        );
        return;
      }
      const result = evaluateStudent(student, examples);
      if (flags.json === true) {
        context.stdout.write(
          `${JSON.stringify({ model: flags.model, version: student.metadata.version, skipped: data.skipped.length, ...result })}\n`,
        );
        return;
      }
      const lines = [
        `model:     ${flags.model} (${student.metadata.version})`,
        `n:         ${result.n}${result.unknownLabels > 0 ? ` (${result.unknownLabels} with labels the model does not know)` : ''}`,
        `accuracy:  ${result.accuracy.toFixed(4)}`,
        `macro-F1:  ${result.macroF1.toFixed(4)}`,
        `ECE:       ${result.expectedCalibrationError.toFixed(4)}`,
        '',
        'label             precision  recall     F1  support',
      ];
      for (const row of result.perClass) {
        lines.push(
          `${padLabel(row.label)}  ${percent(row.precision)}  ${percent(row.recall)} ${percent(row.f1)}  ${String(row.support).padStart(7)}`,
        );
      }
      lines.push('', 'confusion (rows: actual, columns: predicted, in label order)');
      result.confusion.forEach((row, i) => {
        lines.push(
          `${String(i + 1).padStart(2)} ${row.map((v) => String(v).padStart(5)).join('')}  ${result.labels[i]}`,
        );
      });
      context.stdout.write(`${lines.join('\n')}\n`);
    });
};
