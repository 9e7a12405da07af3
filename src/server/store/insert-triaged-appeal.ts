import type { Kysely } from 'kysely';
import type { Appeal } from '../../appeal/appeal.ts';
import type { TriageResult } from '../../triage/triage-result.ts';
import type { ServerDatabase } from './workflow-tables.ts';

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
    .values({
      content_hash: appeal.contentHash,
      external_id: appeal.externalId,
      title: appeal.title,
      body: appeal.body,
      received_at: appeal.receivedAt,
      caller: appeal.caller,
      recorded_category: appeal.recordedCategory,
      extra: JSON.stringify(appeal.extra),
      mask_spans: JSON.stringify(appeal.maskSpans),
      warnings: JSON.stringify(appeal.warnings),
      source_kind: appeal.source.kind,
      source_name: appeal.source.name,
      source_row: appeal.source.row,
      run_id: null,
      created_at: createdAt,
    })
    .onConflict((conflict) => conflict.column('content_hash').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return null;
  const division = result.elements.division;
  await db
    .insertInto('triage_results')
    .values({
      appeal_id: inserted.id,
      category: result.category,
      confidence: result.confidence,
      scores: JSON.stringify(result.scores),
      appeal_type: result.elements.appealType,
      division_code: division?.code ?? null,
      division_path: division === null ? null : JSON.stringify(division.path),
      elements: JSON.stringify(result.elements),
      departments: JSON.stringify(result.departments),
      department: result.departments[0]?.department ?? null,
      summary: result.summary,
      model_version: result.modelVersion,
      created_at: createdAt,
    })
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
