import { sql, type Kysely } from 'kysely';
import type { Store } from '../store/database.ts';
import type { CoreDatabase } from '../store/schema.ts';
import {
  summarizeSnapshot,
  TopicClusterer,
  type ClusterOptions,
  type ClusterSnapshot,
} from './clusters.ts';
import type {
  HotspotClusterMembersTable,
  HotspotTables,
} from './hotspot-tables.ts';
import { toClusterInput } from './list-hotspots.ts';
import {
  readStoredAppealsByIds,
  type TimeWindow,
} from './stored-appeals.ts';

/** Options of `assignToClusters`. */
export interface AssignToClustersOptions {
  /** Stored clusters whose last appeal is older than this many days
   *  before the earliest new appeal are not joined any more. */
  activeDays?: number;
  cluster?: Partial<ClusterOptions>;
  clock?: () => Date;
}

/** Counts of one `assignToClusters` call. */
export interface AssignToClustersResult {
  /** Appeals given a cluster (already clustered ones are skipped). */
  assigned: number;
  /** Clusters created. */
  created: number;
  /** Stored clusters that gained members. */
  joined: number;
}

/** Term-frequency row that counts the clustered appeals. */
const documentCountTerm = '';

/**
 * Puts stored appeals into the persisted topic clusters: each appeal
 * joins the most similar active cluster or starts a new one, and only the
 * clusters that changed are written back. Appeals already clustered, and
 * those without a receive time, are skipped. Call it after each run.
 * NOTE: two processes assigning the same appeals at once make the second
 * fail on the membership key and roll back; nothing serialises them.
 */
export async function assignToClusters(
  store: Store,
  appealIds: readonly number[],
  options: AssignToClustersOptions = {},
): Promise<AssignToClustersResult> {
  const db = store.db.withTables<HotspotTables>();
  const clock = options.clock ?? (() => new Date());
  const done = new Set<number>();
  for (let start = 0; start < appealIds.length; start += 500) {
    const rows = await db
      .selectFrom('hotspot_cluster_members')
      .select('appeal_id')
      .where('appeal_id', 'in', appealIds.slice(start, start + 500))
      .execute();
    for (const row of rows) done.add(row.appeal_id);
  }
  const fresh = [...new Set(appealIds)].filter((id) => !done.has(id));
  const appeals = await readStoredAppealsByIds(store, fresh);
  const result = { assigned: appeals.length, created: 0, joined: 0 };
  if (appeals.length === 0) return result;

  const clusterer = new TopicClusterer(options.cluster ?? {});
  const frequencies = await db
    .selectFrom('hotspot_term_frequencies')
    .select(['term', 'documents'])
    .execute();
  const documentCount =
    frequencies.find((row) => row.term === documentCountTerm)?.documents ?? 0;
  clusterer.restoreTerms(
    documentCount,
    frequencies
      .filter((row) => row.term !== documentCountTerm)
      .map((row) => [row.term, row.documents] as const),
  );

  const earliest = appeals[0]?.receivedAt as string;
  const activeFrom = new Date(
    Date.parse(earliest.replace(' ', 'T')) -
      (options.activeDays ?? 90) * 86_400_000,
  )
    .toISOString()
    .slice(0, 10);
  const stored = await db
    .selectFrom('hotspot_clusters')
    .select(['id', 'centroid', 'norm_squared', 'places', 'count'])
    .where('last_at', '>=', activeFrom)
    .orderBy('id')
    .execute();
  const storeIdOf = new Map<number, number>();
  for (const row of stored) {
    const id = clusterer.restoreCluster({
      centroid: JSON.parse(row.centroid) as [string, number][],
      normSquared: row.norm_squared,
      places: JSON.parse(row.places) as ClusterSnapshot['places'],
      count: row.count,
    });
    storeIdOf.set(id, row.id);
  }

  const inputs = appeals.map(toClusterInput);
  for (const input of inputs) clusterer.observe(input);
  const touched = new Set<number>();
  for (const input of inputs) touched.add(clusterer.add(input));

  const byId = new Map(appeals.map((appeal) => [appeal.id, appeal]));
  const now = clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const members: MemberRow[] = [];
    const joined: number[] = [];
    for (const clusterId of touched) {
      const snapshot = clusterer.snapshot(clusterId);
      const summary = summarizeSnapshot(snapshot);
      const values = {
        label: summary.label,
        terms: JSON.stringify(summary.terms),
        centroid: JSON.stringify(snapshot.centroid),
        norm_squared: snapshot.normSquared,
        places: JSON.stringify(snapshot.places),
        place: summary.place,
        place_kind: summary.placeKind,
        place_share: summary.placeShare,
        updated_at: now,
      };
      const rows = clusterer.newMembers(clusterId).map(
        (appealId): MemberRow => {
          const appeal = byId.get(appealId);
          return {
            appeal_id: appealId,
            cluster_id: 0,
            received_at: appeal?.receivedAt ?? null,
            caller: appeal?.caller ?? null,
            likes: appeal?.likes ?? 0,
            dislikes: appeal?.dislikes ?? 0,
            created_at: now,
          };
        },
      );
      let storeId = storeIdOf.get(clusterId);
      if (storeId === undefined) {
        // All members of a new cluster are new, so its totals need no
        // query.
        const row = await trx
          .insertInto('hotspot_clusters')
          .values({ ...values, ...totalsOf(rows) })
          .returning('id')
          .executeTakeFirstOrThrow();
        storeId = row.id;
        result.created += 1;
      } else {
        await trx
          .updateTable('hotspot_clusters')
          .set(values)
          .where('id', '=', storeId)
          .execute();
        joined.push(storeId);
        result.joined += 1;
      }
      for (const row of rows) members.push({ ...row, cluster_id: storeId });
    }
    for (let start = 0; start < members.length; start += 100) {
      await trx
        .insertInto('hotspot_cluster_members')
        .values(members.slice(start, start + 100))
        .execute();
    }
    for (const storeId of joined) await refreshTotals(trx, storeId);

    const terms = clusterer.takeChangedTerms();
    // A term in one appeal only weighs the same as an unknown term, so
    // such terms are not stored. NOTE: when such a term turns up again,
    // its frequency restarts at 1 rather than 2, an approximation that
    // keeps the table to the terms that recur.
    const rows = [
      { term: documentCountTerm, documents: terms.documentCount },
      ...terms.changed
        .filter(([, documents]) => documents > 1)
        .map(([term, documents]) => ({ term, documents })),
    ];
    for (let start = 0; start < rows.length; start += 200) {
      await trx
        .insertInto('hotspot_term_frequencies')
        .values(rows.slice(start, start + 200))
        .onConflict((oc) =>
          oc.column('term').doUpdateSet({
            documents: (eb) => eb.ref('excluded.documents'),
          }),
        )
        .execute();
    }
  });
  return result;
}

type MemberRow = HotspotClusterMembersTable;

/** Returns the totals of a new cluster from its member rows. */
function totalsOf(rows: readonly MemberRow[]): {
  first_at: string | null;
  last_at: string | null;
  count: number;
  distinct_callers: number;
  likes: number;
  dislikes: number;
} {
  const callers = new Set<string>();
  let anonymous = 0;
  let likes = 0;
  let dislikes = 0;
  let first: string | null = null;
  let last: string | null = null;
  for (const row of rows) {
    if (row.caller === null || row.caller === '') anonymous += 1;
    else callers.add(row.caller);
    likes += row.likes;
    dislikes += row.dislikes;
    if (row.received_at !== null) {
      if (first === null || row.received_at < first) first = row.received_at;
      if (last === null || row.received_at > last) last = row.received_at;
    }
  }
  return {
    first_at: first,
    last_at: last,
    count: rows.length,
    distinct_callers: callers.size + anonymous,
    likes,
    dislikes,
  };
}

/** Recomputes a cluster's totals from its member rows. */
async function refreshTotals(
  db: Kysely<CoreDatabase & HotspotTables>,
  clusterId: number,
): Promise<void> {
  const totals = await db
    .selectFrom('hotspot_cluster_members')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.count<number>('caller').distinct().as('callers'),
      sql<number>`sum(case when caller is null or caller = '' then 1 else 0 end)`.as(
        'anonymous',
      ),
      eb.fn.sum<number>('likes').as('likes'),
      eb.fn.sum<number>('dislikes').as('dislikes'),
      eb.fn.min('received_at').as('first'),
      eb.fn.max('received_at').as('last'),
    ])
    .where('cluster_id', '=', clusterId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('hotspot_clusters')
    .set({
      count: Number(totals.count),
      distinct_callers: Number(totals.callers) + Number(totals.anonymous),
      likes: Number(totals.likes ?? 0),
      dislikes: Number(totals.dislikes ?? 0),
      first_at: totals.first,
      last_at: totals.last,
    })
    .where('id', '=', clusterId)
    .execute();
}

/**
 * Puts the appeals a run stored into the topic clusters and returns how
 * many were assigned. Appeals of an earlier, killed run are left to
 * `assignUnclustered`, which `listHotspots` and `scanAlerts` call.
 */
export async function assignRunToClusters(
  store: Store,
  runId: number,
  options: AssignToClustersOptions = {},
): Promise<number> {
  const rows = await store.db
    .selectFrom('appeals')
    .select('id')
    .where('run_id', '=', runId)
    .execute();
  const result = await assignToClusters(
    store,
    rows.map((row) => row.id),
    options,
  );
  return result.assigned;
}

/**
 * Puts the stored appeals received in the window that no cluster has yet
 * into the topic clusters, so readers of the clusters miss none.
 * Returns how many were assigned.
 */
export async function assignUnclustered(
  store: Store,
  window: TimeWindow,
  options: AssignToClustersOptions = {},
): Promise<number> {
  let query = store.db
    .withTables<HotspotTables>()
    .selectFrom('appeals')
    .leftJoin(
      'hotspot_cluster_members',
      'hotspot_cluster_members.appeal_id',
      'appeals.id',
    )
    .select('appeals.id as id')
    .where('hotspot_cluster_members.appeal_id', 'is', null)
    .where('appeals.received_at', 'is not', null);
  if (window.since !== undefined) {
    query = query.where('appeals.received_at', '>=', window.since);
  }
  if (window.until !== undefined) {
    query = query.where('appeals.received_at', '<', window.until);
  }
  const ids = (await query.execute()).map((row) => row.id);
  if (ids.length === 0) return 0;
  const result = await assignToClusters(store, ids, options);
  return result.assigned;
}
