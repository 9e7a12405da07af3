import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { labelingDb } from '../../labeling/labeling-tables.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import { defaultCategories } from '../../teacher/default-categories.ts';
import { labelAppeals } from '../../teacher/label-appeals.ts';
import { readAppealLines } from '../../teacher/read-appeal-lines.ts';
import { DatabaseResponseCache } from '../../teacher/response-cache.ts';
import { createTeacherClient } from '../../teacher/teacher-client.ts';
import { teacherConfigFromEnv } from '../../teacher/teacher-config.ts';
import { TeacherLabeler } from '../../teacher/teacher-labeler.ts';
import { createCliLogger } from './create-cli-logger.ts';
import { parseCount } from './parse-options.ts';

interface TeachFlags {
  data: string;
  samples: string;
  db?: string;
  out?: string;
  categories?: string;
  logprobs?: boolean;
  limit?: string;
  json?: boolean;
}

/** Registers `hotline teach`. */
export const registerTeach: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  program
    .command('teach')
    .description(
      'Label appeals with the teacher model (an OpenAI-compatible chat ' +
        'endpoint from HOTLINE_TEACHER_URL, HOTLINE_TEACHER_MODEL and ' +
        'HOTLINE_TEACHER_KEY): category with a probability per category, ' +
        'appeal type, elements and summary. Replies are cached in the ' +
        'database, so a re-run sends no request twice.',
    )
    .requiredOption('--data <file>', 'appeals as .jsonl (id, text or title/body)')
    .option('--samples <n>', 'answers sampled per appeal for probabilities', '5')
    .option('--logprobs', 'read probabilities from token log-probabilities first')
    .option('--categories <list>', 'comma-separated categories (default: the 7 of the training data)')
    .option('--limit <n>', 'label only the first N appeals')
    .option('--db <path>', 'database for the response cache and run ledger')
    .option('--out <file>', 'write one JSON label per line here')
    .option('--json', 'print the run summary as one JSON object')
    .action(async (flags: TeachFlags) => {
      const config = teacherConfigFromEnv(context.env);
      if (config === null) {
        throw new InvalidArgumentError({
          parameter: 'HOTLINE_TEACHER_URL',
          value: null,
          message:
            'no teacher model is configured. Set HOTLINE_TEACHER_URL (the ' +
            '/v1 base URL of an OpenAI-compatible server) and ' +
            'HOTLINE_TEACHER_MODEL, and HOTLINE_TEACHER_KEY if it needs one.',
        });
      }
      if (flags.logprobs === true) config.logprobs = true;
      const samples = parseCount('--samples', flags.samples, 1, 50);
      const categories =
        flags.categories === undefined
          ? defaultCategories
          : flags.categories.split(',').map((entry) => entry.trim()).filter(Boolean);
      const { appeals, skipped } = await readAppealLines(flags.data);
      for (const row of skipped.slice(0, 10)) {
        context.stderr.write(`skipped line ${row.line}: ${row.reason}\n`);
      }
      const limit =
        flags.limit === undefined
          ? appeals.length
          : parseCount('--limit', flags.limit, 1, Number.MAX_SAFE_INTEGER);
      const logger = createCliLogger(context);
      const store = await openStore(resolveDatabasePath(flags.db, context.env));
      try {
        const db = labelingDb(store);
        const client = createTeacherClient(config, {
          logger,
          cache: new DatabaseResponseCache(db),
        });
        const labeler = new TeacherLabeler(client, {
          categories,
          samples,
          useLogprobs: config.logprobs,
        });
        const result = await labelAppeals(appeals.slice(0, limit), labeler, client, db, {
          workers: config.concurrency,
          logger,
        });
        if (flags.out !== undefined) {
          const out = createWriteStream(flags.out);
          for (const label of result.labels) {
            const { goldLabel, ...rest } = label;
            const row = goldLabel === null ? rest : { ...rest, label: goldLabel };
            out.write(`${JSON.stringify(row)}\n`);
          }
          await new Promise<void>((resolve, reject) => {
            out.end(() => resolve());
            out.on('error', reject);
          });
        }
        const summary = {
          run: result.runId,
          model: config.model,
          labelled: result.labels.length,
          failed: result.failures.length,
          ...result.usage,
        };
        if (result.failures.length > 0) context.exitCode = 1;
        if (flags.json === true) {
          context.stdout.write(`${JSON.stringify(summary)}\n`);
          return;
        }
        context.stdout.write(
          [
            `run:       ${summary.run} (${summary.model})`,
            `labelled:  ${summary.labelled}, failed ${summary.failed}`,
            `requests:  ${summary.requests} (${summary.retries} retries), cache hits ${summary.cacheHits}`,
            `tokens:    ${summary.promptTokens} prompt, ${summary.completionTokens} completion, cost ${summary.cost.toFixed(4)}`,
            ...(flags.out === undefined ? [] : [`labels:    ${flags.out}`]),
            '',
          ].join('\n'),
        );
      } finally {
        await store.close();
      }
    });
};
