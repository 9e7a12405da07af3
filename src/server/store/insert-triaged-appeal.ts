import type { Kysely } from 'kysely';
import type { Appeal } from '../../appeal/appeal.ts';
import type { TriageResult } from '../../triage/triage-result.ts';
import type { ServerDatabase } from './workflow-tables.ts';
import { appealRow, triageRow } from '../../store/appeal-rows.ts';

/**
 * Inserts one masked appeal and its triage result. Returns the new id, or
 * null when an appeal with the same content hash is already stored.
 * Callers run it inside a transaction so both rows land together.
 */
export async function insertTriagedAppeal(
  db: Kysely<ServerDatabase>,
  appeal: Appeal,
  result: TriageResult,
  createdAt: string,
): Promise<number | null> {
  const inserted = await db
    .insertInto('appeals')
    .values(appealRow(appeal, null, createdAt))
    .onConflict((conflict) => conflict.column('content_hash').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return null;
  await db
    .insertInto('triage_results')
    .values(triageRow(inserted.id, result, createdAt))
    .execute();
  return inserted.id;
}

/** Finds the id of the stored appeal with a content hash. */
export async function findAppealIdByHash(
  db: Kysely<ServerDatabase>,
  contentHash: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('appeals')
    .select('id')
    .where('content_hash', '=', contentHash)
    .executeTakeFirst();
  return row?.id ?? null;
}
