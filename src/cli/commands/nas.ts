import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import {
  defaultSearchOptions,
  runArchitectureSearch,
  type TrialRecord,
} from '../../nas/architecture-search.ts';
import { parseCount } from './parse-options.ts';

interface NasFlags {
  data: string;
  budget: string;
  workers: string;
  out: string;
  seed: string;
}

/**
 * Parses a duration such as 90s, 10m or 1h into milliseconds.
 *
 * @throws InvalidArgumentError for any other form.
 */
export function parseBudget(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  if (match === null || Number(match[1]) <= 0) {
    throw new InvalidArgumentError({
      parameter: '--budget',
      value: text,
      message: `--budget "${text}" is invalid: pass a positive number with s, m or h, e.g. --budget 10m.`,
    });
  }
  const unit = { s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

function row(trial: TrialRecord, chosen: boolean): string {
  const m = trial.measures;
  return [
    chosen ? '*' : ' ',
    trial.key.padEnd(44),
    m.macroF1.toFixed(4),
    trial.confirmedMacroF1 === undefined ? '      ' : trial.confirmedMacroF1.toFixed(4),
    m.microseconds.toFixed(1).padStart(8),
    Math.round(m.operations).toString().padStart(8),
    (m.bytes / 1e6).toFixed(2).padStart(7),
    String(trial.epochs).padStart(3),
  ].join(' ');
}

/** Registers `hotline nas`. */
export const registerNas: RegisterCommand = (program: Command, context: CliContext) => {
  program
    .command('nas')
    .description(
      'Search student architectures (n-grams, buckets, embedding size, ' +
        'experts, top-k, int8, pruning) on a validation split of the ' +
        'training file; write the Pareto front and the chosen model.',
    )
    .option('--data <file>', 'labelled .jsonl or .jsonl.gz file', 'data/teddy/train.jsonl.gz')
    .option('--budget <duration>', 'wall-clock budget, e.g. 90s, 10m, 1h', '10m')
    .option('--workers <n>', 'worker threads that train trials', '2')
    .option('--out <dir>', 'folder for pareto.json and chosen.hlm', 'nas-out')
    .option('--seed <n>', 'random seed (split, sampling, training)', String(defaultSearchOptions.seed))
    .option('--json', 'print the chosen trial and the front as one JSON object')
    .action(async (flags: NasFlags & { json?: boolean }) => {
      const budgetMs = parseBudget(flags.budget);
      const workers = parseCount('--workers', flags.workers, 1, 16);
      const seed = parseCount('--seed', flags.seed, 0, 2 ** 31);
      mkdirSync(flags.out, { recursive: true });
      const result = await runArchitectureSearch({
        ...defaultSearchOptions,
        training: { ...defaultSearchOptions.training, seed },
        seed,
        dataFile: flags.data,
        budgetMs,
        workers,
        onTrial: (trial) => {
          context.stderr.write(
            `trial ${trial.id} rung ${trial.rung} ${trial.key}: macro-F1 ` +
              `${trial.measures.macroF1.toFixed(4)}, ` +
              `${Math.round(trial.measures.operations)} ops\n`,
          );
        },
      });
      const modelFile = path.join(flags.out, 'chosen.hlm');
      writeFileSync(modelFile, result.chosenFile);
      writeFileSync(
        path.join(flags.out, 'pareto.json'),
        `${JSON.stringify({ seconds: result.seconds, chosen: result.chosen, front: result.front, trials: result.trials }, null, 2)}\n`,
      );
      const sorted = [...result.front].sort((a, b) => a.measures.operations - b.measures.operations);
      if (flags.json === true) {
        context.stdout.write(
          `${JSON.stringify({ seconds: result.seconds, model: modelFile, chosen: result.chosen, front: sorted })}\n`,
        );
        return;
      }
      context.stdout.write(
        [
          `Pareto front (${result.front.length} of ${result.trials.length} trials, ${result.seconds.toFixed(0)} s; * = chosen):`,
          `  ${'candidate'.padEnd(44)} macroF1 3-split       µs      ops      MB ep`,
          ...sorted.map((trial) => row(trial, trial.id === result.chosen.id)),
          `model: ${modelFile}`,
          '',
        ].join('\n'),
      );
    });
};
