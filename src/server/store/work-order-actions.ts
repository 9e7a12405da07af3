import type { Kysely } from 'kysely';
import { maskPersonalData } from '../../appeal/mask.ts';
import { ConflictError, NotFoundError } from '../../errors/index.ts';
import type { Actor } from '../auth/roles.ts';
import type { ServerContext } from '../server-context.ts';
import { readVisibleAppeal } from './appeal-queries.ts';
import { writeAudit } from './audit-log.ts';
import type { ServerDatabase } from './workflow-tables.ts';

/** Work-order statuses, in their usual order. */
export const workOrderStatuses = ['new', 'dispatched', 'replied', 'closed'] as const;

/** Actions that move a work order, with the statuses each may start from. */
export const transitions = {
  dispatch: { from: ['new'], to: 'dispatched' },
  redispatch: { from: ['dispatched', 'replied'], to: 'dispatched' },
  reply: { from: ['dispatched'], to: 'replied' },
  close: { from: ['new', 'replied'], to: 'closed' },
  reopen: { from: ['closed'], to: 'dispatched' },
} as const;

/** One of the work-order actions. */
export type WorkOrderAction = keyof typeof transitions;

/** Fields a correction may change. */
export const correctableFields = [
  'category',
  'appealType',
  'location',
  'department',
] as const;

/** One of `correctableFields`. */
export type CorrectableField = (typeof correctableFields)[number];

const correctionColumn = {
  category: 'category',
  appealType: 'appeal_type',
  location: 'location',
  department: 'corrected_department',
} as const;

type Db = Kysely<ServerDatabase>;

/** Inserts the work-order row of an appeal when it has none yet. */
async function ensureWorkOrder(db: Db, appealId: number, at: string): Promise<void> {
  await db
    .insertInto('work_orders')
    .values({ appeal_id: appealId, updated_at: at })
    .onConflict((conflict) => conflict.column('appeal_id').doNothing())
    .execute();
}

/** Masks free text (reply, reason, note) before it is stored. */
function maskedText(text: string): string {
  return maskPersonalData(text, 'body').text;
}

/**
 * Records a correction: the model's output stays as it was, the new
 * value becomes the effective one and the old effective value is kept.
 *
 * @throws NotFoundError for an unknown appeal.
 */
export async function correctAppeal(
  context: ServerContext,
  id: number,
  actor: Actor,
  input: { field: CorrectableField; value: string; note?: string | undefined },
): Promise<void> {
  const row = await readVisibleAppeal(context.db, id, actor);
  const now = context.now();
  const at = now.toISOString();
  const oldValue =
    input.field === 'category'
      ? row.category
      : input.field === 'appealType'
        ? row.appealType
        : input.field === 'department'
          ? row.department
          : row.correctedLocation;
  await context.db.transaction().execute(async (trx) => {
    await ensureWorkOrder(trx, id, at);
    await trx
      .updateTable('work_orders')
      .set({ [correctionColumn[input.field]]: input.value, updated_at: at })
      .where('appeal_id', '=', id)
      .execute();
    await trx
      .insertInto('appeal_corrections')
      .values({
        appeal_id: id,
        field: input.field,
        old_value: oldValue,
        new_value: input.value,
        note: input.note === undefined ? null : maskedText(input.note),
        actor: actor.name,
        created_at: at,
      })
      .execute();
    await writeAudit(
      trx,
      {
        actor: actor.name,
        action: 'appeal.correct',
        target: `appeal:${id}`,
        details: { field: input.field },
      },
      now,
    );
  });
}

/**
 * Moves a work order along its life cycle and records the event.
 *
 * @throws NotFoundError for an unknown (or, for a department, foreign)
 * appeal.
 * @throws ConflictError when the current status does not allow the
 * action.
 */
export async function moveWorkOrder(
  context: ServerContext,
  id: number,
  actor: Actor,
  action: WorkOrderAction,
  input: { department?: string | undefined; text?: string | undefined },
): Promise<{ status: string; department: string | null }> {
  const row = await readVisibleAppeal(context.db, id, actor);
  const rule = transitions[action];
  if (!(rule.from as readonly string[]).includes(row.status)) {
    throw new ConflictError({
      resource: 'appeal',
      current: row.status,
      message:
        `cannot ${action} appeal ${id}: its status is "${row.status}", ` +
        `and ${action} needs one of: ${rule.from.join(', ')}.`,
    });
  }
  const department =
    input.department ?? row.assignedDepartment ?? row.department ?? null;
  const toStatus = action === 'reopen' && department === null ? 'new' : rule.to;
  const now = context.now();
  const at = now.toISOString();
  await context.db.transaction().execute(async (trx) => {
    // The status check is repeated in the update, so two concurrent
    // requests cannot both move the same order.
    const updated = await trx
      .updateTable('appeals')
      .set({ status: toStatus })
      .where('id', '=', id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new ConflictError({
        resource: 'appeal',
        current: 'changed',
        message:
          `appeal ${id} changed while ${action} was running. Reload it ` +
          'and try again.',
      });
    }
    await ensureWorkOrder(trx, id, at);
    await trx
      .updateTable('work_orders')
      .set({ department, updated_at: at })
      .where('appeal_id', '=', id)
      .execute();
    await trx
      .insertInto('work_order_events')
      .values({
        appeal_id: id,
        action,
        from_status: row.status,
        to_status: toStatus,
        department,
        text: input.text === undefined ? null : maskedText(input.text),
        actor: actor.name,
        created_at: at,
      })
      .execute();
    await writeAudit(
      trx,
      {
        actor: actor.name,
        action: `appeal.${action}`,
        target: `appeal:${id}`,
        details: { from: row.status, to: toStatus, department },
      },
      now,
    );
  });
  return { status: toStatus, department };
}

/**
 * Stores a reviewer's decision on the model's category. A rejected
 * category is also recorded as a correction.
 *
 * @throws NotFoundError for an unknown appeal.
 */
export async function reviewAppeal(
  context: ServerContext,
  id: number,
  actor: Actor,
  input: { category: string; confirmed: boolean },
): Promise<void> {
  const row = await readVisibleAppeal(context.db, id, actor);
  if (row.modelCategory === null) {
    throw new NotFoundError({
      resource: 'triage result',
      id: String(id),
      message:
        `appeal ${id} has no triage result to review. Triage it with ` +
        '`hotline run` first.',
    });
  }
  const now = context.now();
  const at = now.toISOString();
  await context.db.transaction().execute(async (trx) => {
    await ensureWorkOrder(trx, id, at);
    const changes: { reviewed: number; updated_at: string; category?: string } = {
      reviewed: 1,
      updated_at: at,
    };
    if (!input.confirmed) changes.category = input.category;
    await trx
      .updateTable('work_orders')
      .set(changes)
      .where('appeal_id', '=', id)
      .execute();
    await trx
      .insertInto('review_decisions')
      .values({
        appeal_id: id,
        category: input.category,
        confirmed: input.confirmed ? 1 : 0,
        actor: actor.name,
        created_at: at,
      })
      .execute();
    if (!input.confirmed) {
      await trx
        .insertInto('appeal_corrections')
        .values({
          appeal_id: id,
          field: 'category',
          old_value: row.category,
          new_value: input.category,
          note: 'review',
          actor: actor.name,
          created_at: at,
        })
        .execute();
    }
    await writeAudit(
      trx,
      {
        actor: actor.name,
        action: 'appeal.review',
        target: `appeal:${id}`,
        details: { confirmed: input.confirmed },
      },
      now,
    );
  });
}
