import type { Store } from '../store/database.ts';

/** A stored link from an appeal to an earlier one that reports the same. */
export interface NearDuplicateLinksTable {
  appeal_id: number;
  duplicate_of: number;
  /** Exact Jaccard similarity of the 3-character shingle sets, 0 to 1. */
  similarity: number;
  run_id: number | null;
  created_at: string;
}

/** The link table; use `db.withTables<NearDuplicateLinkTables>()`. */
// A type alias, not an interface: `withTables` needs an index signature.
export type NearDuplicateLinkTables = {
  near_duplicate_links: NearDuplicateLinksTable;
};

/** One link to write. */
export interface NearDuplicateLinkInput {
  /** The later appeal. */
  appealId: number;
  /** The earlier appeal it repeats. */
  duplicateOf: number;
  similarity: number;
}

/** A stored link with the titles of both appeals, for display. */
export interface NearDuplicateLink {
  appealId: number;
  /** The later appeal's 留言编号 / 工单编号 from its source, or null. */
  appealExternalId: string | null;
  appealTitle: string;
  appealReceivedAt: string | null;
  duplicateOf: number;
  /** The earlier appeal's number from its source, or null. */
  duplicateExternalId: string | null;
  duplicateTitle: string;
  duplicateReceivedAt: string | null;
  similarity: number;
}

// Five bound values per row; 500 rows stay far below SQLite's 32,766.
const insertChunkRows = 500;

/**
 * Stores near-duplicate links. A pair that is already stored keeps its
 * first row, so re-running over the same appeals adds nothing.
 */
export async function storeNearDuplicateLinks(
  store: Store,
  links: readonly NearDuplicateLinkInput[],
  options: { runId: number | null; createdAt: string },
): Promise<void> {
  const linkDb = store.db.withTables<NearDuplicateLinkTables>();
  for (let start = 0; start < links.length; start += insertChunkRows) {
    const rows = links.slice(start, start + insertChunkRows).map((link) => ({
      appeal_id: link.appealId,
      duplicate_of: link.duplicateOf,
      similarity: link.similarity,
      run_id: options.runId,
      created_at: options.createdAt,
    }));
    await linkDb
      .insertInto('near_duplicate_links')
      .values(rows)
      .onConflict((conflict) =>
        conflict.columns(['appeal_id', 'duplicate_of']).doNothing(),
      )
      .execute();
  }
}

/** Options of `listNearDuplicateLinks`. */
export interface ListNearDuplicateLinksOptions {
  /** Only links that touch this appeal, at either end. */
  appealId?: number;
  /** Maximum number of links returned; default 50. */
  limit?: number;
}

/**
 * Lists stored near-duplicate links, the most recently received repeat
 * first, with both titles so that a report or an API can show them.
 */
export async function listNearDuplicateLinks(
  store: Store,
  options: ListNearDuplicateLinksOptions = {},
): Promise<NearDuplicateLink[]> {
  const db = store.db.withTables<NearDuplicateLinkTables>();
  let query = db
    .selectFrom('near_duplicate_links as link')
    .innerJoin('appeals as later', 'later.id', 'link.appeal_id')
    .innerJoin('appeals as earlier', 'earlier.id', 'link.duplicate_of')
    .select([
      'link.appeal_id as appealId',
      'later.external_id as appealExternalId',
      'later.title as appealTitle',
      'later.received_at as appealReceivedAt',
      'link.duplicate_of as duplicateOf',
      'earlier.external_id as duplicateExternalId',
      'earlier.title as duplicateTitle',
      'earlier.received_at as duplicateReceivedAt',
      'link.similarity as similarity',
    ]);
  const appealId = options.appealId;
  if (appealId !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('link.appeal_id', '=', appealId),
        eb('link.duplicate_of', '=', appealId),
      ]),
    );
  }
  return query
    .orderBy('later.received_at', 'desc')
    .orderBy('link.appeal_id', 'desc')
    .orderBy('link.similarity', 'desc')
    .limit(options.limit ?? 50)
    .execute();
}

/** Counts stored near-duplicate links. */
export async function countNearDuplicateLinks(store: Store): Promise<number> {
  const row = await store.db
    .withTables<NearDuplicateLinkTables>()
    .selectFrom('near_duplicate_links')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
