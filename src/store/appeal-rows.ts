import type { Appeal } from '../appeal/appeal.ts';
import type { TriageResult } from '../triage/triage-result.ts';

/** Builds the `appeals` row of a masked appeal (JSON fields as text). */
export function appealRow(
  appeal: Appeal,
  runId: number | null,
  createdAt: string,
) {
  return {
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
    run_id: runId,
    created_at: createdAt,
  };
}

/** Builds the `triage_results` row of a stored appeal's triage. */
export function triageRow(
  appealId: number,
  result: TriageResult,
  createdAt: string,
) {
  const division = result.elements.division;
  return {
    appeal_id: appealId,
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
  };
}
