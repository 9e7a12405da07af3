import type { Store } from '../store/database.ts';
import {
  clusterAppeals,
  type ClusterInput,
  type ClusterOptions,
} from './clusters.ts';
import { rankHotspots, type ScoredHotspot } from './hotspot-index.ts';
import { readStoredAppeals, type StoredAppeal } from './stored-appeals.ts';

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
 * Clusters the appeals received in the window and returns the top
 * hotspots by hotspot score (see `scoreHotspot`), each with its appeals.
 */
export async function listHotspots(
  store: Store,
  options: ListHotspotsOptions = {},
): Promise<Hotspot[]> {
  const window: { since?: string; until?: string } = {};
  if (options.since !== undefined) window.since = options.since;
  if (options.until !== undefined) window.until = options.until;
  const appeals = await readStoredAppeals(store, window);
  return rankAppeals(appeals, options);
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
  const ranked = rankHotspots(
    clusters.filter((cluster) => cluster.count >= minimumCount),
    { now, halfLifeDays: 30, windowDays: 30 },
  );
  const byId = new Map(appeals.map((appeal) => [appeal.id, appeal]));
  return ranked.slice(0, options.top ?? 5).map((scored, index) => ({
    ...scored,
    rank: index + 1,
    appeals: scored.cluster.appealIds
      .map((id) => byId.get(id))
      .filter((appeal): appeal is StoredAppeal => appeal !== undefined),
  }));
}
