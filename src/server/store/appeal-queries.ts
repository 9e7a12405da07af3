import { sql, type Kysely } from 'kysely';
import { NotFoundError } from '../../errors/index.ts';
import type { Actor } from '../auth/roles.ts';
import type { ServerConfig } from '../server-config.ts';
import { computeDueTime } from './due-time.ts';
import type { ServerDatabase } from './workflow-tables.ts';

/** Filters of `listAppeals`; every one is optional. */
export interface AppealFilters {
  /** Inclusive start of `received_at` (date or local ISO time). */
  from?: string | undefined;
  /** Inclusive end: a date covers the whole day. */
  to?: string | undefined;
  category?: string | undefined;
  department?: string | undefined;
  /** Division name (matched in the path) or statistical code prefix. */
  division?: string | undefined;
  status?: string | undefined;
  /** true: closed orders only; false: every order not closed. */
  closed?: boolean | undefined;
  appealType?: string | undefined;
  /** Free text matched against title and body. */
  q?: string | undefined;
  /** Only appeals with a model confidence below this value. */
  confidenceBelow?: number | undefined;
  /** Only appeals no reviewer has decided on. */
  unreviewed?: boolean | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** An appeal as listed: effective (corrected) values first. */
export interface AppealListItem {
  id: number;
  externalId: string | null;
  title: string;
  receivedAt: string | null;
  createdAt: string;
  status: string;
  category: string | null;
  modelCategory: string | null;
  confidence: number | null;
  appealType: string | null;
  department: string | null;
  assignedDepartment: string | null;
  divisionPath: string[];
  location: string | null;
  summary: string | null;
  dueAt: string | null;
  overdue: boolean;
}

/** A page of appeals and the cursor of the next page (null at the end). */
export interface AppealPage {
  items: AppealListItem[];
  nextCursor: string | null;
}

type Db = Kysely<ServerDatabase>;

/** Base select of appeals with triage and work-order columns joined. */
export function selectAppealRows(db: Db) {
  return db
    .selectFrom('appeals as a')
    .leftJoin('triage_results as t', 't.appeal_id', 'a.id')
    .leftJoin('work_orders as w', 'w.appeal_id', 'a.id')
    .select([
      'a.id as id',
      'a.external_id as externalId',
      'a.title as title',
      'a.received_at as receivedAt',
      'a.created_at as createdAt',
      'a.status as status',
      't.category as modelCategory',
      't.confidence as confidence',
      't.division_path as divisionPath',
      't.elements as elements',
      't.summary as summary',
      'w.department as assignedDepartment',
      'w.location as correctedLocation',
      sql<string | null>`coalesce(w.category, t.category)`.as('category'),
      sql<string | null>`coalesce(w.appeal_type, t.appeal_type)`.as('appealType'),
      sql<string | null>`coalesce(w.department, w.corrected_department, t.department)`.as(
        'department',
      ),
    ]);
}

type AppealRow = Awaited<
  ReturnType<ReturnType<typeof selectAppealRows>['execute']>
>[number];

/** Escapes `%`, `_` and `\` for a LIKE pattern with `escape '\'`. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Upper bound for an inclusive `to`: a bare date covers its whole day. */
export function endBound(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T24:00:00` : to;
}

/**
 * Lists appeals newest first with a cursor on the id. A department actor
 * reads only orders dispatched to its department.
 */
export async function listAppeals(
  db: Db,
  filters: AppealFilters,
  actor: Actor,
  config: ServerConfig,
  now: Date,
): Promise<AppealPage> {
  const limit = filters.limit ?? 50;
  let query = selectAppealRows(db);
  if (actor.role === 'department') {
    query = query.where('w.department', '=', actor.department ?? '');
  }
  if (filters.from !== undefined) {
    query = query.where('a.received_at', '>=', filters.from);
  }
  if (filters.to !== undefined) {
    query = query.where('a.received_at', '<=', endBound(filters.to));
  }
  if (filters.category !== undefined) {
    query = query.where(sql`coalesce(w.category, t.category)`, '=', filters.category);
  }
  if (filters.appealType !== undefined) {
    query = query.where(
      sql`coalesce(w.appeal_type, t.appeal_type)`,
      '=',
      filters.appealType,
    );
  }
  if (filters.department !== undefined) {
    query = query.where(
      sql`coalesce(w.department, w.corrected_department, t.department)`,
      '=',
      filters.department,
    );
  }
  if (filters.division !== undefined) {
    const division = filters.division;
    query = /^\d+$/.test(division)
      ? query.where('t.division_code', 'like', `${division}%`)
      : query.where(
          sql<boolean>`t.division_path like ${likePattern(JSON.stringify(division))} escape '\\'`,
        );
  }
  if (filters.status !== undefined) {
    query = query.where('a.status', '=', filters.status);
  }
  if (filters.closed !== undefined) {
    query = query.where('a.status', filters.closed ? '=' : '!=', 'closed');
  }
  if (filters.q !== undefined && filters.q.trim() !== '') {
    const pattern = likePattern(filters.q.trim());
    query = query.where(
      sql<boolean>`(a.title like ${pattern} escape '\\' or a.body like ${pattern} escape '\\')`,
    );
  }
  if (filters.confidenceBelow !== undefined) {
    query = query.where('t.confidence', '<', filters.confidenceBelow);
  }
  if (filters.unreviewed === true) {
    query = query.where(sql<boolean>`coalesce(w.reviewed, 0) = 0`);
  }
  if (filters.cursor !== undefined) {
    query = query.where('a.id', '<', decodeCursor(filters.cursor));
  }
  const rows = await query.orderBy('a.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toListItem(row, config, now)),
    nextCursor:
      rows.length > limit && last !== undefined ? encodeCursor(last.id) : null,
  };
}

/** Encodes an appeal id as an opaque cursor. */
export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

/** Decodes a cursor; an invalid one starts from the newest appeal. */
function decodeCursor(cursor: string): number {
  const match = /^id:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match === null ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}

/** Turns a joined row into a list item with due time. */
export function toListItem(
  row: AppealRow,
  config: ServerConfig,
  now: Date,
): AppealListItem {
  const due = computeDueTime(
    {
      category: row.category,
      status: row.status,
      receivedAt: row.receivedAt,
      createdAt: row.createdAt,
    },
    config.timeLimitHours,
    now,
  );
  return {
    id: row.id,
    externalId: row.externalId,
    title: row.title,
    receivedAt: row.receivedAt,
    createdAt: row.createdAt,
    status: row.status,
    category: row.category,
    modelCategory: row.modelCategory,
    confidence: row.confidence === null ? null : Number(row.confidence),
    appealType: row.appealType,
    department: row.department,
    assignedDepartment: row.assignedDepartment,
    divisionPath: parseList(row.divisionPath),
    location: row.correctedLocation ?? firstLocation(row.elements),
    summary: row.summary,
    dueAt: due.dueAt,
    overdue: due.overdue,
  };
}

function parseList(json: string | null): string[] {
  if (json === null) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

/** Returns the first location the model found that is not a bare division. */
export function firstLocation(elementsJson: string | null): string | null {
  if (elementsJson === null) return null;
  try {
    const elements = JSON.parse(elementsJson) as {
      locations?: { text?: unknown; kind?: unknown }[];
    };
    const places = elements.locations ?? [];
    const place =
      places.find((location) => location.kind !== 'division') ?? places[0];
    return typeof place?.text === 'string' ? place.text : null;
  } catch {
    return null;
  }
}

/**
 * Reads one joined appeal row the actor may see.
 *
 * @throws NotFoundError when the id does not exist or, for a department
 * actor, is not dispatched to its department (so ids do not leak).
 */
export async function readVisibleAppeal(
  db: Db,
  id: number,
  actor: Actor,
): Promise<AppealRow> {
  let query = selectAppealRows(db).where('a.id', '=', id);
  if (actor.role === 'department') {
    query = query.where('w.department', '=', actor.department ?? '');
  }
  const row = await query.executeTakeFirst();
  if (row === undefined) {
    throw new NotFoundError({
      resource: 'appeal',
      id: String(id),
      message:
        `appeal ${id} not found. List appeals with GET /api/appeals to ` +
        'find an id.',
    });
  }
  return row;
}
