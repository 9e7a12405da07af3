import type { Store } from '../store/database.ts';
import type { Place, PlaceKind } from './extract-places.ts';

/** An appeal with what hotspot analysis needs from its triage result. */
export interface StoredAppeal {
  id: number;
  /** 留言编号 / 工单编号 from the source; null or absent when unknown. */
  externalId?: string | null;
  title: string;
  body: string;
  receivedAt: string | null;
  caller: string | null;
  category: string | null;
  /** Most specific division name from triage, e.g. 「岳麓区」, or null. */
  division: string | null;
  /** Places from the triage elements (locations and division), possibly
   *  none; null only for an appeal without triage, whose places the
   *  clusterer then extracts from the text. */
  places: Place[] | null;
  likes: number;
  dislikes: number;
}

/** Time bounds, ISO 8601 (dates compare as strings); both optional. */
export interface TimeWindow {
  since?: string;
  until?: string;
}

const likeHeaders = ['点赞数', 'likes'];
const dislikeHeaders = ['反对数', 'dislikes'];
// Location kinds of extractElements. Buildings and rooms (3栋2单元) are
// left out: they repeat across estates, so they would make unrelated
// appeals look as if they named the same place.
const placeKinds: Record<string, PlaceKind> = {
  community: 'street',
  estate: 'estate',
  road: 'road',
  landmark: 'estate',
  division: 'district',
};

/**
 * Reads stored appeals received in the window (appeals without a receive
 * time are left out), oldest first. `until` is exclusive; a bare date
 * means the start of that day.
 */
export async function readStoredAppeals(
  store: Store,
  window: TimeWindow = {},
): Promise<StoredAppeal[]> {
  let query = selectAppeals(store);
  if (window.since !== undefined) {
    query = query.where('appeals.received_at', '>=', window.since);
  }
  if (window.until !== undefined) {
    query = query.where('appeals.received_at', '<', window.until);
  }
  const rows = await query
    .orderBy('appeals.received_at')
    .orderBy('appeals.id')
    .execute();
  return rows.map(toStoredAppeal);
}

/** Chunk of ids per query, below SQLite's limit of bound parameters. */
const idChunk = 500;

/**
 * Reads the stored appeals with the given ids (appeals without a receive
 * time are left out), oldest first.
 */
export async function readStoredAppealsByIds(
  store: Store,
  ids: readonly number[],
): Promise<StoredAppeal[]> {
  const appeals: StoredAppeal[] = [];
  for (let start = 0; start < ids.length; start += idChunk) {
    const chunk = ids.slice(start, start + idChunk);
    const rows = await selectAppeals(store)
      .where('appeals.id', 'in', chunk)
      .execute();
    for (const row of rows) appeals.push(toStoredAppeal(row));
  }
  return appeals.sort(
    (a, b) =>
      (a.receivedAt ?? '').localeCompare(b.receivedAt ?? '') || a.id - b.id,
  );
}

function selectAppeals(store: Store) {
  return store.db
    .selectFrom('appeals')
    .leftJoin('triage_results', 'triage_results.appeal_id', 'appeals.id')
    .select([
      'appeals.id as id',
      'appeals.external_id as externalId',
      'appeals.title as title',
      'appeals.body as body',
      'appeals.received_at as receivedAt',
      'appeals.caller as caller',
      'appeals.extra as extra',
      'appeals.recorded_category as recordedCategory',
      'triage_results.category as category',
      'triage_results.division_path as divisionPath',
      'triage_results.elements as elements',
    ])
    .where('appeals.received_at', 'is not', null);
}

type AppealRow = Awaited<
  ReturnType<ReturnType<typeof selectAppeals>['execute']>
>[number];

function toStoredAppeal(row: AppealRow): StoredAppeal {
  const extra = parseObject(row.extra);
  return {
    id: row.id,
    externalId: row.externalId,
    title: row.title,
    body: row.body,
    receivedAt: row.receivedAt,
    caller: row.caller,
    category: row.category ?? row.recordedCategory,
    division: lastName(row.divisionPath),
    places: placesOf(row.elements),
    likes: numberOf(extra, likeHeaders),
    dislikes: numberOf(extra, dislikeHeaders),
  };
}

function parseObject(text: string | null): Record<string, unknown> {
  if (text === null || text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function numberOf(extra: Record<string, unknown>, headers: string[]): number {
  for (const header of headers) {
    const value = Number(extra[header]);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  return 0;
}

function lastName(divisionPath: string | null): string | null {
  if (divisionPath === null || divisionPath === '') return null;
  try {
    const path: unknown = JSON.parse(divisionPath);
    if (Array.isArray(path)) {
      const last: unknown = path[path.length - 1];
      return typeof last === 'string' ? last : null;
    }
  } catch {
    // A plain name or a 「/」-joined path rather than JSON.
  }
  return divisionPath.split('/').pop() ?? null;
}

/**
 * Returns the places of a stored triage: the division's county and town,
 * then the extracted locations, each distinct text once.
 * Returns null when there is no triage or its elements cannot be read.
 */
function placesOf(elements: string | null): Place[] | null {
  if (elements === null || elements === '') return null;
  const parsed = parseObject(elements);
  const locations = parsed['locations'];
  if (!Array.isArray(locations)) return null;
  const places: Place[] = [];
  const seen = new Set<string>();
  const add = (text: string, kind: PlaceKind): void => {
    if (text === '' || seen.has(text)) return;
    seen.add(text);
    places.push({ text, kind });
  };
  // The division first: its town is a street-level place, while the same
  // name among the locations is only a division mention.
  const division = parsed['division'];
  if (typeof division === 'object' && division !== null) {
    const { path, town } = division as { path?: unknown; town?: unknown };
    const last: unknown = Array.isArray(path) ? path[path.length - 1] : null;
    if (typeof last === 'string') add(last, 'district');
    const townName =
      typeof town === 'object' && town !== null
        ? (town as { name?: unknown }).name
        : null;
    if (typeof townName === 'string') add(townName, 'street');
  }
  for (const location of locations as unknown[]) {
    if (typeof location !== 'object' || location === null) continue;
    const { text, kind } = location as { text?: unknown; kind?: unknown };
    if (typeof text !== 'string' || typeof kind !== 'string') continue;
    const placeKind = placeKinds[kind];
    if (placeKind !== undefined) add(text, placeKind);
  }
  return places;
}
