import type { TopicCluster } from './clusters.ts';

/** Parts of the hotspot score, each documented where it is computed. */
export interface HotspotScoreParts {
  /** ln(1 + appeals) + ln(1 + distinct callers) + 0.5 ln(1 + likes +
   *  dislikes). */
  base: number;
  /** 0.5 ^ (days since the last appeal / half-life), 0 to 1. */
  recency: number;
  /** Share of appeals inside the densest window of `windowDays`, 0 to 1. */
  timeConcentration: number;
  /** Share of appeals that name the cluster's main place, 0 to 1. */
  placeConcentration: number;
}

/** A ranked cluster. */
export interface ScoredHotspot {
  cluster: TopicCluster;
  score: number;
  parts: HotspotScoreParts;
}

/** Settings of the hotspot score. */
export interface HotspotScoreOptions {
  /** Reference time for recency (ISO 8601); usually the window end. */
  now: string;
  /** Days after which recency halves. */
  halfLifeDays: number;
  /** Width of the window for time concentration, in days. */
  windowDays: number;
}

const dayMs = 86_400_000;

/**
 * Scores a cluster as a hotspot (热点指数):
 *
 *   score = base × (0.5 + 0.5 recency) × (0.5 + 0.5 time) × (0.5 + 0.5 place)
 *
 * `base` grows with the logarithm of volume, of distinct callers (so one
 * caller repeating a message counts less than many people) and, at half
 * weight, of public support (likes plus dislikes, when the source has
 * them). Each factor in brackets ranges from 0.5 to 1, so recency, a
 * burst in time and a single place can at most double the weight of one
 * part and never hide a large cluster entirely.
 */
export function scoreHotspot(
  cluster: TopicCluster,
  options: HotspotScoreOptions,
): ScoredHotspot {
  const base =
    Math.log1p(cluster.count) +
    Math.log1p(cluster.distinctCallers) +
    0.5 * Math.log1p(cluster.likes + cluster.dislikes);
  const now = Date.parse(options.now);
  const last =
    cluster.lastAt === null ? Number.NaN : Date.parse(cluster.lastAt);
  const ageDays = Number.isNaN(last) ? Infinity : Math.max(0, now - last) / dayMs;
  const recency = Number.isFinite(ageDays)
    ? 0.5 ** (ageDays / options.halfLifeDays)
    : 0;
  const timeConcentration = densestShare(cluster.times, options.windowDays);
  const placeConcentration = cluster.placeShare;
  const score =
    base *
    (0.5 + 0.5 * recency) *
    (0.5 + 0.5 * timeConcentration) *
    (0.5 + 0.5 * placeConcentration);
  return {
    cluster,
    score,
    parts: { base, recency, timeConcentration, placeConcentration },
  };
}

/** Ranks clusters by hotspot score, highest first. */
export function rankHotspots(
  clusters: readonly TopicCluster[],
  options: HotspotScoreOptions,
): ScoredHotspot[] {
  return clusters
    .map((cluster) => scoreHotspot(cluster, options))
    .sort((a, b) => b.score - a.score || a.cluster.id - b.cluster.id);
}

/** Share of sorted times that fall inside the densest window. */
function densestShare(times: readonly string[], windowDays: number): number {
  if (times.length === 0) return 0;
  const stamps = times.map((time) => Date.parse(time)).filter(Number.isFinite);
  if (stamps.length === 0) return 0;
  stamps.sort((a, b) => a - b);
  let best = 1;
  let start = 0;
  for (let end = 0; end < stamps.length; end += 1) {
    while ((stamps[end] as number) - (stamps[start] as number) > windowDays * dayMs) {
      start += 1;
    }
    best = Math.max(best, end - start + 1);
  }
  return best / times.length;
}
