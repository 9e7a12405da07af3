import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { readTrainingData } from '../../model/read-training-data.ts';
import { saveStudent } from '../../model/model-file.ts';
import { createRandom } from '../../model/random.ts';
import { splitExamples } from '../../model/split.ts';
import { hashedSoftmaxSetup } from '../../model/default-training.ts';
import {
  trainDistilled,
  type DistillationRow,
} from '../../model/train-distilled.ts';

interface DistillFlags {
  data: string[];
  teacher: string[];
  out: string;
  alpha: string;
  temperature: string;
  adaptive?: boolean;
  json?: boolean;
}

/**
 * Reads `hotline teach --out` rows: `text` and `probabilities` (label to
 * probability). Labels outside `labels` are dropped and the rest
 * renormalised; a row with no known label is skipped.
 */
async function readTeacherRows(
  files: readonly string[],
  labels: readonly string[],
): Promise<{ rows: DistillationRow[]; skipped: number }> {
  const rows: DistillationRow[] = [];
  let skipped = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let lineNumber = 0;
    try {
      for await (const line of lines) {
        lineNumber++;
        if (line.trim() === '') continue;
        let record: { text?: unknown; probabilities?: unknown; label?: unknown };
        try {
          record = JSON.parse(line) as typeof record;
        } catch {
          skipped++;
          continue;
        }
        const probabilities = record.probabilities as Record<string, unknown> | undefined;
        if (typeof record.text !== 'string' || typeof probabilities !== 'object' || probabilities === null) {
          skipped++;
          continue;
        }
        const teacher = labels.map((label) => {
          const value = probabilities[label];
          return typeof value === 'number' && value > 0 ? value : 0;
        });
        const sum = teacher.reduce((total, value) => total + value, 0);
        if (sum <= 0) {
          skipped++;
          continue;
        }
        const gold = typeof record.label === 'string' && labels.includes(record.label) ? record.label : null;
        rows.push({ text: record.text, gold, teacher: teacher.map((value) => value / sum) });
      }
    } catch (error) {
      throw new InvalidArgumentError({
        parameter: '--teacher',
        value: file,
        message: `cannot read teacher labels from "${file}" (line ${lineNumber}): ${(error as Error).message}. Pass the file that "hotline teach --out" wrote.`,
        cause: error,
      });
    }
  }
  return { rows, skipped };
}

function numberFlag(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new InvalidArgumentError({
      parameter: flag,
      value: text,
      message: `${flag} must be a number, got "${text}".`,
    });
  }
  return value;
}

/** Registers `hotline distill`. */
export const registerDistill: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  program
    .command('distill')
    .description(
      'Train the student on gold labels plus teacher probabilities from ' +
        '"hotline teach --out": loss = alpha * CE(gold) + (1 - alpha) * ' +
        'T^2 * KL(teacher_T || student_T). Early stopping and calibration ' +
        'use a validation split of the gold raw-text rows.',
    )
    .requiredOption('--data <files...>', 'gold-labelled .jsonl or .jsonl.gz files')
    .requiredOption('--teacher <files...>', 'teacher labels written by hotline teach --out')
    .requiredOption('--out <path>', 'model file to write')
    .option('--alpha <weight>', 'weight of the gold cross-entropy, 0 to 1', '0.5')
    .option('--temperature <t>', 'distillation temperature, at least 1', '2')
    .option('--adaptive', 'per-row temperature from the teacher entropy')
    .option('--json', 'print the report as one JSON object')
    .action(async (flags: DistillFlags) => {
      // NOTE: distillation trains the hashed softmax student; the soft-target
      // trainer does not yet build the compact kind that `hotline train` ships.
      const setup = hashedSoftmaxSetup();
      const gold = await readTrainingData(flags.data);
      const labels = [...new Set(gold.examples.map((e) => e.label))].sort();
      const { kept, heldOut } = splitExamples(
        gold.examples,
        setup.validationFraction,
        createRandom(setup.training.seed),
        (example) => !example.segmentedOnly,
      );
      const teacher = await readTeacherRows(flags.teacher, labels);
      const rows: DistillationRow[] = [
        ...kept.map((example) => ({ text: example.text, gold: example.label, teacher: null })),
        ...teacher.rows,
      ];
      const { student, report } = trainDistilled(rows, heldOut, labels, {
        settings: setup.settings,
        training: setup.training,
        alpha: numberFlag('--alpha', flags.alpha),
        temperature: numberFlag('--temperature', flags.temperature),
        adaptiveTemperature: flags.adaptive === true,
      });
      const bytes = saveStudent(student, flags.out);
      const summary = {
        model: flags.out,
        bytes,
        goldRows: report.goldRows,
        teacherRows: report.teacherRows,
        teacherRowsSkipped: teacher.skipped,
        bestEpoch: report.bestEpoch,
        validationAccuracy: report.validation.accuracy,
        validationMacroF1: report.validation.macroF1,
        teacherAgreement: report.teacherAgreement,
      };
      context.stdout.write(
        flags.json === true
          ? `${JSON.stringify(summary)}\n`
          : Object.entries(summary).map(([key, value]) => `${key}: ${String(value)}`).join('\n') + '\n',
      );
    });
};
