import type { Store } from '../store/database.ts';
import { assignUnclustered } from './assign-to-clusters.ts';
import {
  clusterAppeals,
  type ClusterInput,
  type ClusterOptions,
  type TopicCluster,
} from './clusters.ts';
import type { PlaceKind } from './extract-places.ts';
import {
  rankHotspots,
  type HotspotScoreOptions,
  type ScoredHotspot,
} from './hotspot-index.ts';
import type { HotspotTables } from './hotspot-tables.ts';
import {
  readStoredAppealsByIds,
  type StoredAppeal,
  type TimeWindow,
} from './stored-appeals.ts';

/** Options of `listHotspots`. */
export interface ListHotspotsOptions {
  /** Inclusive start, ISO 8601 date or time. */
  since?: string;
  /** Exclusive end, ISO 8601 date or time. */
  until?: string;
  /** Number of hotspots returned. */
  top?: number;
  /** Clusters with fewer appeals are not hotspots. */
  minimumCount?: number;
  /** Reference time for recency; defaults to the newest appeal's time. */
  now?: string;
  cluster?: Partial<ClusterOptions>;
}

/** A ranked hotspot with its member appeals. */
export interface Hotspot extends ScoredHotspot {
  rank: number;
  appeals: StoredAppeal[];
}

/** Turns stored appeals into clusterer input. */
export function toClusterInput(appeal: StoredAppeal): ClusterInput {
  const input: ClusterInput = {
    id: appeal.id,
    title: appeal.title,
    body: appeal.body,
    receivedAt: appeal.receivedAt,
    caller: appeal.caller,
    likes: appeal.likes,
    dislikes: appeal.dislikes,
  };
  if (appeal.places !== null) input.places = appeal.places;
  return input;
}

/**
 * Ranks the persisted clusters by their appeals received in the window
 * and returns the top hotspots (see `scoreHotspot`), each with its
 * appeals. Appeals in the window that no cluster has yet are assigned
 * first (`assignToClusters`), so the result never misses stored appeals.
 */
export async function listHotspots(
  store: Store,
  options: ListHotspotsOptions = {},
): Promise<Hotspot[]> {
  const db = store.db.withTables<HotspotTables>();
  const window: TimeWindow = {};
  if (options.since !== undefined) window.since = options.since;
  if (options.until !== undefined) window.until = options.until;
  await assignUnclustered(store, window, { cluster: options.cluster ?? {} });

  let members = db
    .selectFrom('hotspot_cluster_members')
    .select([
      'appeal_id',
      'cluster_id',
      'received_at',
      'caller',
      'likes',
      'dislikes',
    ])
    .where('received_at', 'is not', null);
  if (options.since !== undefined) {
    members = members.where('received_at', '>=', options.since);
  }
  if (options.until !== undefined) {
    members = members.where('received_at', '<', options.until);
  }
  const rows = await members.orderBy('received_at').execute();
  if (rows.length === 0) return [];
  const minimumCount = options.minimumCount ?? 3;
  const groups = new Map<number, typeof rows>();
  for (const row of rows) {
    const group = groups.get(row.cluster_id);
    if (group === undefined) groups.set(row.cluster_id, [row]);
    else group.push(row);
  }
  const ids = [...groups]
    .filter(([, group]) => group.length >= minimumCount)
    .map(([id]) => id);
  const stored = new Map<number, StoredClusterRow>();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = await db
      .selectFrom('hotspot_clusters')
      .select(['id', 'label', 'terms', 'place', 'place_kind', 'place_share'])
      .where('id', 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of chunk) stored.set(row.id, row);
  }

  const clusters: TopicCluster[] = [];
  for (const id of ids) {
    const row = stored.get(id);
    const group = groups.get(id);
    if (row === undefined || group === undefined) continue;
    const callers = new Set<string>();
    let anonymous = 0;
    for (const member of group) {
      if (member.caller === null || member.caller === '') anonymous += 1;
      else callers.add(member.caller);
    }
    const times = group.map((member) => member.received_at as string);
    clusters.push({
      id,
      terms: JSON.parse(row.terms) as string[],
      label: row.label,
      place: row.place,
      placeKind: row.place_kind as PlaceKind | null,
      placeShare: row.place_share,
      appealIds: group.map((member) => member.appeal_id),
      count: group.length,
      distinctCallers: callers.size + anonymous,
      firstAt: times[0] ?? null,
      lastAt: times[times.length - 1] ?? null,
      times,
      likes: group.reduce((sum, member) => sum + member.likes, 0),
      dislikes: group.reduce((sum, member) => sum + member.dislikes, 0),
    });
  }
  const first = rows[0]?.received_at ?? '';
  const now = options.now ?? rows[rows.length - 1]?.received_at ?? '';
  const ranked = rankHotspots(clusters, scoreOptions(first, now)).slice(
    0,
    options.top ?? 5,
  );
  const appeals = await readStoredAppealsByIds(
    store,
    ranked.flatMap((scored) => scored.cluster.appealIds),
  );
  return withAppeals(ranked, appeals);
}

interface StoredClusterRow {
  id: number;
  label: string;
  terms: string;
  place: string | null;
  place_kind: string | null;
  place_share: number;
}

function withAppeals(
  ranked: readonly ScoredHotspot[],
  appeals: readonly StoredAppeal[],
): Hotspot[] {
  const byId = new Map(appeals.map((appeal) => [appeal.id, appeal]));
  return ranked.map((scored, index) => ({
    ...scored,
    rank: index + 1,
    appeals: scored.cluster.appealIds
      .map((id) => byId.get(id))
      .filter((appeal): appeal is StoredAppeal => appeal !== undefined),
  }));
}

/** Score settings for appeals spanning `first` to `now`. */
function scoreOptions(first: string, now: string): HotspotScoreOptions {
  return { now, halfLifeDays: 30, windowDays: 30, first };
}

/** Clusters and ranks appeals already in memory; see `listHotspots`. */
export function rankAppeals(
  appeals: readonly StoredAppeal[],
  options: ListHotspotsOptions = {},
): Hotspot[] {
  if (appeals.length === 0) return [];
  const { clusters } = clusterAppeals(
    appeals.map(toClusterInput),
    options.cluster ?? {},
  );
  const minimumCount = options.minimumCount ?? 3;
  const now =
    options.now ??
    appeals.reduce(
      (latest, appeal) =>
        (appeal.receivedAt ?? '') > latest ? (appeal.receivedAt ?? '') : latest,
      '',
    );
  const first = appeals.reduce(
    (earliest, appeal) =>
      appeal.receivedAt !== null && appeal.receivedAt < earliest
        ? appeal.receivedAt
        : earliest,
    now,
  );
  const ranked = rankHotspots(
    clusters.filter((cluster) => cluster.count >= minimumCount),
    scoreOptions(first, now),
  );
  return withAppeals(ranked.slice(0, options.top ?? 5), appeals);
}
