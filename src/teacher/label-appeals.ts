import type { Kysely } from 'kysely';
import type { LabelingDatabase } from '../labeling/labeling-tables.ts';
import { noopLogger, type Logger } from '../logger.ts';
import type { AppealLine } from './read-appeal-lines.ts';
import type { TeacherClient } from './teacher-client.ts';
import type { TeacherLabel, TeacherLabeler } from './teacher-labeler.ts';
import type { UsageTotals } from './usage-ledger.ts';

/** Outcome of labelling many appeals. */
export interface LabelRunResult {
  runId: number;
  labels: Array<TeacherLabel & { text: string; goldLabel: string | null }>;
  failures: Array<{ id: string; error: string }>;
  usage: UsageTotals;
}

/**
 * Labels appeals with `workers` appeals in progress at once (the client
 * caps the requests in flight separately), recording the run's tokens
 * and cost in `teacher_runs`. An appeal that fails is logged and listed;
 * the others go on.
 */
export async function labelAppeals(
  appeals: readonly AppealLine[],
  labeler: TeacherLabeler,
  client: TeacherClient,
  db: Kysely<LabelingDatabase>,
  options: { workers: number; logger?: Logger; now?: () => Date },
): Promise<LabelRunResult> {
  const logger = options.logger ?? noopLogger;
  const now = options.now ?? (() => new Date());
  const run = await db
    .insertInto('teacher_runs')
    .values({ model: client.model, started_at: now().toISOString(), status: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const results: Array<LabelRunResult['labels'][number] | null> = appeals.map(() => null);
  const failures: LabelRunResult['failures'] = [];
  let next = 0;
  const worker = async () => {
    while (next < appeals.length) {
      const position = next++;
      const appeal = appeals[position]!;
      try {
        const label = await labeler.label(appeal.id, appeal.text);
        results[position] = { ...label, text: appeal.text, goldLabel: appeal.label };
      } catch (error) {
        const message = (error as Error).message;
        failures.push({ id: appeal.id, error: message });
        logger.error({ appealId: appeal.id, error: message }, 'teacher labelling failed');
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.workers) }, () => worker()),
  );
  const usage = client.usage();
  await db
    .updateTable('teacher_runs')
    .set({
      finished_at: now().toISOString(),
      requests: usage.requests,
      cache_hits: usage.cacheHits,
      retries: usage.retries,
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      cost: usage.cost,
      status: failures.length === 0 ? 'done' : 'partial',
    })
    .where('id', '=', run.id)
    .execute();
  return {
    runId: run.id,
    labels: results.filter((label) => label !== null),
    failures,
    usage,
  };
}
