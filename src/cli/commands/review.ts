import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { sketchRows } from '../../labeling/feature-sketch.ts';
import { labelingDb } from '../../labeling/labeling-tables.ts';
import { ReviewQueue } from '../../labeling/review-queue.ts';
import {
  selectForReview,
  uncertaintyScores,
} from '../../labeling/select-for-review.ts';
import type { UncertaintyMeasure } from '../../labeling/uncertainty.ts';
import { encodeDataset } from '../../model/encoded-dataset.ts';
import { loadStudent } from '../../model/model-file.ts';
import { createRandom } from '../../model/random.ts';
import { predictAll } from '../../model/train-distilled.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import { readAppealLines } from '../../teacher/read-appeal-lines.ts';
import { defaultModelPath } from '../../triage/triage.ts';
import { parseCount } from './parse-options.ts';

/** Opens the store and the queue, runs `work` and closes the store. */
async function withQueue<T>(
  context: CliContext,
  db: string | undefined,
  work: (queue: ReviewQueue) => Promise<T>,
): Promise<T> {
  const store = await openStore(resolveDatabasePath(db, context.env));
  try {
    return await work(new ReviewQueue(labelingDb(store)));
  } finally {
    await store.close();
  }
}

function parseItemId(text: string): number {
  return parseCount('ID', text, 1, Number.MAX_SAFE_INTEGER);
}

function parseShare(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidArgumentError({
      parameter: '--double-share',
      value: text,
      message: `--double-share must be a number in [0, 1], got "${text}".`,
    });
  }
  return value;
}

/** Registers `hotline review` and its subcommands. */
export const registerReview: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  const review = program
    .command('review')
    .description(
      'Expert review queue: pick the appeals that teach the student most ' +
        '(uncertain and diverse), then label, skip or comment them one at ' +
        'a time. A share of items goes to two experts for Cohen\'s kappa.',
    );

  review
    .command('enqueue')
    .description('select a batch of appeals for review with the student model')
    .requiredOption('--data <file>', 'unlabelled appeals as .jsonl')
    .option('--model <path>', 'student model file', defaultModelPath)
    .option('--batch-size <n>', 'appeals to add', '50')
    .option('--measure <name>', 'uncertainty: margin or entropy', 'margin')
    .option('--pool-factor <x>', 'most uncertain batch × x form the k-center pool', '4')
    .option('--double-share <share>', 'share of items sent to two experts', '0.1')
    .option('--seed <n>', 'seed of the double-review sample', '1')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON object')
    .action(async (flags: {
      data: string;
      model: string;
      batchSize: string;
      measure: string;
      poolFactor: string;
      doubleShare: string;
      seed: string;
      db?: string;
      json?: boolean;
    }) => {
      if (flags.measure !== 'margin' && flags.measure !== 'entropy') {
        throw new InvalidArgumentError({
          parameter: '--measure',
          value: flags.measure,
          message: `--measure must be margin or entropy, got "${flags.measure}".`,
        });
      }
      const measure: UncertaintyMeasure = flags.measure;
      const batchSize = parseCount('--batch-size', flags.batchSize, 1, 100_000);
      const poolFactor = Number(flags.poolFactor);
      if (!(poolFactor >= 1)) {
        throw new InvalidArgumentError({
          parameter: '--pool-factor',
          value: flags.poolFactor,
          message: `--pool-factor must be a number of at least 1, got "${flags.poolFactor}".`,
        });
      }
      const doubleShare = parseShare(flags.doubleShare);
      const seed = parseCount('--seed', flags.seed, 0, 2 ** 31);
      const { appeals } = await readAppealLines(flags.data);
      const student = loadStudent(flags.model);
      const result = await withQueue(context, flags.db, async (queue) => {
        const texts = appeals.map((appeal) => appeal.text);
        const probabilities = predictAll(student, texts);
        const encoded = encodeDataset(texts, texts.map(() => 0), student.settings);
        const sketches = sketchRows(encoded, 256);
        const picked = selectForReview(probabilities, sketches, batchSize, {
          measure,
          poolFactor,
        });
        const scores = uncertaintyScores(probabilities, measure);
        return queue.enqueue(
          picked.map((index) => {
            const best = student.predict(texts[index]!);
            return {
              key: appeals[index]!.id,
              text: texts[index]!,
              suggestedLabel: best.label,
              uncertainty: scores[index]!,
            };
          }),
          { doubleShare, random: createRandom(seed) },
        );
      });
      context.stdout.write(
        flags.json === true
          ? `${JSON.stringify(result)}\n`
          : `added ${result.added} appeals as batch ${result.batch}\n`,
      );
    });

  review
    .command('next')
    .description('show the next appeal for an expert')
    .requiredOption('--expert <name>', 'reviewer name')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON object (null when none is left)')
    .action(async (flags: { expert: string; db?: string; json?: boolean }) => {
      const item = await withQueue(context, flags.db, (queue) => queue.next(flags.expert));
      if (flags.json === true) {
        context.stdout.write(`${JSON.stringify(item)}\n`);
        return;
      }
      if (item === null) {
        context.stdout.write('no appeal is waiting for review\n');
        return;
      }
      context.stdout.write(
        [
          `id:          ${item.id}`,
          `appeal:      ${item.key}`,
          `suggested:   ${item.suggestedLabel ?? '-'}`,
          `uncertainty: ${item.uncertainty.toFixed(3)}`,
          `reviews:     ${item.reviewsNeeded}`,
          `text:        ${item.text}`,
          '',
        ].join('\n'),
      );
    });

  review
    .command('label <id> <category>')
    .description('label an appeal')
    .requiredOption('--expert <name>', 'reviewer name')
    .option('--db <path>', 'database file')
    .action(async (id: string, category: string, flags: { expert: string; db?: string }) => {
      const item = await withQueue(context, flags.db, (queue) =>
        queue.label(parseItemId(id), category, flags.expert),
      );
      context.stdout.write(`labelled ${item.id} as ${category} (${item.status})\n`);
    });

  review
    .command('skip <id>')
    .description('skip an appeal; other experts still get it')
    .requiredOption('--expert <name>', 'reviewer name')
    .option('--reason <text>', 'why it was skipped')
    .option('--db <path>', 'database file')
    .action(async (id: string, flags: { expert: string; reason?: string; db?: string }) => {
      await withQueue(context, flags.db, (queue) =>
        queue.skip(parseItemId(id), flags.expert, flags.reason ?? null),
      );
      context.stdout.write(`skipped ${id}\n`);
    });

  review
    .command('comment <id> <text>')
    .description('comment on an appeal')
    .requiredOption('--expert <name>', 'reviewer name')
    .option('--db <path>', 'database file')
    .action(async (id: string, text: string, flags: { expert: string; db?: string }) => {
      await withQueue(context, flags.db, (queue) =>
        queue.comment(parseItemId(id), flags.expert, text),
      );
      context.stdout.write(`commented on ${id}\n`);
    });

  review
    .command('stats')
    .description('queue counts and inter-rater agreement (Cohen\'s kappa)')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON object')
    .action(async (flags: { db?: string; json?: boolean }) => {
      const stats = await withQueue(context, flags.db, (queue) => queue.stats());
      if (flags.json === true) {
        context.stdout.write(`${JSON.stringify(stats)}\n`);
        return;
      }
      const agreement = stats.agreement;
      context.stdout.write(
        [
          `items:     ${stats.items} (${stats.pending} pending, ${stats.done} done)`,
          `labels:    ${stats.labels}, skips ${stats.skips}, comments ${stats.comments}`,
          `experts:   ${Object.entries(stats.perExpert).map(([name, count]) => `${name} ${count}`).join(', ') || '-'}`,
          agreement.items === 0
            ? 'kappa:     - (no item has two labels yet)'
            : `kappa:     ${agreement.kappa.toFixed(3)} over ${agreement.items} double-reviewed items (observed ${agreement.observed.toFixed(3)}, chance ${agreement.expected.toFixed(3)})`,
          '',
        ].join('\n'),
      );
    });

  review
    .command('export')
    .description('write reviewed appeals with agreed labels as .jsonl')
    .requiredOption('--out <file>', 'output file')
    .option('--db <path>', 'database file')
    .action(async (flags: { out: string; db?: string }) => {
      const reviewed = await withQueue(context, flags.db, (queue) => queue.reviewed());
      writeFileSync(
        flags.out,
        reviewed
          .map(({ item, label }) => JSON.stringify({ id: item.key, text: item.text, label }))
          .map((line) => `${line}\n`)
          .join(''),
      );
      context.stdout.write(`wrote ${reviewed.length} reviewed appeals to ${flags.out}\n`);
    });
};
