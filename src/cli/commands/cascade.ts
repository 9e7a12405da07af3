import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import {
  defaultCascadeFitOptions,
  fitCascade,
  type CascadeItem,
} from '../../labeling/cascade.ts';
import { loadStudent } from '../../model/model-file.ts';
import { defaultModelPath } from '../../triage/triage.ts';

interface CascadeFlags {
  data: string;
  target: string;
  model: string;
  teacherCost: string;
  humanCost: string;
  humanAccuracy: string;
  json?: boolean;
}

function fraction(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new InvalidArgumentError({
      parameter: flag,
      value: text,
      message: `${flag} must be a number in (0, 1], got "${text}".`,
    });
  }
  return value;
}

function cost(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError({
      parameter: flag,
      value: text,
      message: `${flag} must be a cost of at least 0 per appeal, got "${text}".`,
    });
  }
  return value;
}

/**
 * Reads reviewed appeals with teacher probabilities (the `hotline teach
 * --out` format with the reviewed `label` kept) and scores them with the
 * student.
 *
 * @throws InvalidArgumentError when a row lacks the label, the text or the
 *   teacher probabilities, or has a label the model does not know.
 */
function readCascadeItems(file: string, modelPath: string): CascadeItem[] {
  const student = loadStudent(modelPath);
  const labels = student.labels;
  const lines = readFileSync(file, 'utf8').split('\n');
  const items: CascadeItem[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const row = JSON.parse(line) as {
      label?: string;
      text?: string;
      probabilities?: Record<string, number>;
    };
    const where = `line ${index + 1} of "${file}"`;
    if (
      typeof row.label !== 'string' ||
      typeof row.text !== 'string' ||
      row.probabilities === undefined
    ) {
      throw new InvalidArgumentError({
        parameter: '--data',
        value: where,
        message:
          `${where} lacks "label", "text" or the teacher "probabilities". ` +
          'Run hotline teach --out on the reviewed appeals (from hotline ' +
          'review export) to get all three.',
      });
    }
    const gold = labels.indexOf(row.label);
    if (gold < 0) {
      throw new InvalidArgumentError({
        parameter: '--data',
        value: row.label,
        message:
          `label "${row.label}" on ${where} is not one of the model's ` +
          `labels (${labels.join(', ')}).`,
      });
    }
    const probabilities = new Float32Array(labels.length);
    student.probabilitiesInto(row.text, probabilities);
    const teacher = row.probabilities;
    items.push({
      student: probabilities,
      teacher: labels.map((label) => teacher[label] ?? 0),
      gold,
    });
  });
  return items;
}

/** Registers `hotline cascade` with its `fit` subcommand. */
export const registerCascade: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  const cascade = program
    .command('cascade')
    .description(
      'Student first, the teacher when the student is unsure, a human when ' +
        'the teacher is unsure too or disagrees.',
    );
  cascade
    .command('fit')
    .description(
      'Fit the student and teacher confidence thresholds on reviewed ' +
        'appeals: the cheapest pair that reaches the target accuracy, ' +
        'with the cost–accuracy frontier.',
    )
    .requiredOption('--data <file>', 'reviewed appeals with teacher probabilities (.jsonl)')
    .option('--target <accuracy>', 'accuracy to reach', '0.95')
    .option('--model <path>', 'student model file', defaultModelPath)
    .option('--teacher-cost <cost>', 'cost of one teacher call', '1')
    .option('--human-cost <cost>', 'cost of one human review', '20')
    .option('--human-accuracy <share>', 'accuracy assumed for human labels', '1')
    .option('--json', 'print one JSON object')
    .action(async (flags: CascadeFlags) => {
      const target = fraction('--target', flags.target);
      const items = readCascadeItems(flags.data, flags.model);
      const fit = fitCascade(items, {
        ...defaultCascadeFitOptions,
        targetAccuracy: target,
        humanAccuracy: fraction('--human-accuracy', flags.humanAccuracy),
        costs: {
          teacher: cost('--teacher-cost', flags.teacherCost),
          human: cost('--human-cost', flags.humanCost),
        },
      });
      if (flags.json === true) {
        context.stdout.write(`${JSON.stringify({ items: items.length, target, ...fit })}\n`);
        return;
      }
      const lines = [`reviewed appeals: ${items.length}`];
      if (fit.best === null) {
        lines.push(`no threshold pair reaches accuracy ${target}; the frontier below shows the best reachable.`);
        context.exitCode = 1;
      } else {
        const best = fit.best;
        lines.push(
          `thresholds: student ${best.studentThreshold.toFixed(3)}, teacher ${best.teacherThreshold.toFixed(3)}`,
          `accuracy ${best.accuracy.toFixed(4)}, cost ${best.cost.toFixed(3)} per appeal ` +
            `(teacher ${(best.teacherShare * 100).toFixed(1)} %, human ${(best.humanShare * 100).toFixed(1)} %)`,
        );
      }
      lines.push('', 'cost     accuracy  teacher  human');
      for (const point of fit.frontier) {
        lines.push(
          `${point.cost.toFixed(3).padStart(7)}  ${point.accuracy.toFixed(4)}    ` +
            `${(point.teacherShare * 100).toFixed(1).padStart(5)} %  ${(point.humanShare * 100).toFixed(1).padStart(5)} %`,
        );
      }
      context.stdout.write(`${lines.join('\n')}\n`);
    });
};
