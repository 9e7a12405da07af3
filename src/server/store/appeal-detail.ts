import type { Kysely } from 'kysely';
import type { Actor } from '../auth/roles.ts';
import type { ServerConfig } from '../server-config.ts';
import { readVisibleAppeal, toListItem, type AppealListItem } from './appeal-queries.ts';
import type { ServerDatabase } from './workflow-tables.ts';

/** A stored correction as the API returns it. */
export interface CorrectionView {
  id: number;
  field: string;
  oldValue: string | null;
  newValue: string;
  note: string | null;
  actor: string;
  createdAt: string;
}

/** A work-order event as the API returns it. */
export interface EventView {
  id: number;
  action: string;
  fromStatus: string;
  toStatus: string;
  department: string | null;
  text: string | null;
  actor: string;
  createdAt: string;
}

/** Everything `GET /api/appeals/:id` returns. */
export interface AppealDetail {
  appeal: AppealListItem & {
    body: string;
    caller: string | null;
    recordedCategory: string | null;
    warnings: string[];
    maskedFields: string[];
  };
  /** What the model said, unchanged by corrections; null if untriaged. */
  triage: Record<string, unknown> | null;
  corrections: CorrectionView[];
  events: EventView[];
  replies: EventView[];
  dueAt: string | null;
  overdue: boolean;
}

/**
 * Reads an appeal with its model output, corrections and work-order
 * history.
 *
 * @throws NotFoundError when the actor may not see the appeal.
 */
export async function readAppealDetail(
  db: Kysely<ServerDatabase>,
  id: number,
  actor: Actor,
  config: ServerConfig,
  now: Date,
): Promise<AppealDetail> {
  const row = await readVisibleAppeal(db, id, actor);
  const item = toListItem(row, config, now);
  const appeal = await db
    .selectFrom('appeals')
    .select(['body', 'caller', 'recorded_category', 'warnings', 'mask_spans'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const triage = await db
    .selectFrom('triage_results')
    .selectAll()
    .where('appeal_id', '=', id)
    .executeTakeFirst();
  const corrections = await db
    .selectFrom('appeal_corrections')
    .selectAll()
    .where('appeal_id', '=', id)
    .orderBy('id')
    .execute();
  const events = await db
    .selectFrom('work_order_events')
    .selectAll()
    .where('appeal_id', '=', id)
    .orderBy('id')
    .execute();
  const eventViews = events.map((event) => ({
    id: event.id,
    action: event.action,
    fromStatus: event.from_status,
    toStatus: event.to_status,
    department: event.department,
    text: event.text,
    actor: event.actor,
    createdAt: event.created_at,
  }));
  const spans = JSON.parse(appeal.mask_spans) as { field: string }[];
  return {
    appeal: {
      ...item,
      body: appeal.body,
      caller: appeal.caller,
      recordedCategory: appeal.recorded_category,
      warnings: JSON.parse(appeal.warnings) as string[],
      maskedFields: [...new Set(spans.map((span) => span.field))],
    },
    triage:
      triage === undefined
        ? null
        : {
            category: triage.category,
            confidence: Number(triage.confidence),
            scores: JSON.parse(triage.scores) as unknown,
            appealType: triage.appeal_type,
            divisionCode: triage.division_code,
            elements: JSON.parse(triage.elements) as unknown,
            departments: JSON.parse(triage.departments) as unknown,
            summary: triage.summary,
            modelVersion: triage.model_version,
          },
    corrections: corrections.map((correction) => ({
      id: correction.id,
      field: correction.field,
      oldValue: correction.old_value,
      newValue: correction.new_value,
      note: correction.note,
      actor: correction.actor,
      createdAt: correction.created_at,
    })),
    events: eventViews,
    replies: eventViews.filter((event) => event.action === 'reply'),
    dueAt: item.dueAt,
    overdue: item.overdue,
  };
}
