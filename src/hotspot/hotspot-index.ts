import type { TopicCluster } from './clusters.ts';

/** Parts of the hotspot score, each documented where it is computed. */
export interface HotspotScoreParts {
  /** ln(1 + appeals) + ln(1 + distinct callers) + support. */
  base: number;
  /** 0.5 ln(1 + likes + dislikes) × callers / (callers + 3). */
  support: number;
  /** min(1, distinct callers / minimum callers). */
  callerFactor: number;
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
  /** Reference time for recency (ISO 8601); usually the newest appeal. */
  now: string;
  /** Earliest appeal of the data ranked (ISO 8601). When given, the
   *  half-life is a quarter of the span from `first` to `now` (at least
   *  `halfLifeDays`), so recency follows the data, not the wall clock. */
  first?: string;
  /** Days after which recency halves (the minimum when `first` is set). */
  halfLifeDays: number;
  /** Width of the window for time concentration, in days. */
  windowDays: number;
  /** Distinct callers below which a cluster's score is cut in proportion;
   *  3 when absent. */
  minimumCallers?: number;
}

const dayMs = 86_400_000;

/**
 * Scores a cluster as a hotspot (热点指数):
 *
 *   support = 0.5 ln(1 + likes + dislikes) × callers / (callers + 3)
 *   base    = ln(1 + appeals) + ln(1 + callers) + support
 *   score   = base × min(1, callers / minimumCallers)
 *             × (0.5 + 0.5 recency) × (0.5 + 0.5 time) × (0.5 + 0.5 place)
 *
 * Volume and distinct callers count by their logarithm, so one caller
 * repeating a message counts less than many people. Public support is
 * damped on clusters with few callers, because a handful of liked
 * messages is not a widely felt problem, and a cluster with fewer than
 * `minimumCallers` callers loses score in proportion. Each bracketed
 * factor ranges from 0.5 to 1, so recency, a burst in time and a single
 * place can at most double the weight and never hide a large cluster.
 */
export function scoreHotspot(
  cluster: TopicCluster,
  options: HotspotScoreOptions,
): ScoredHotspot {
  const callers = cluster.distinctCallers;
  const support =
    0.5 *
    Math.log1p(cluster.likes + cluster.dislikes) *
    (callers / (callers + 3));
  const base = Math.log1p(cluster.count) + Math.log1p(callers) + support;
  const callerFactor = Math.min(1, callers / (options.minimumCallers ?? 3));

  const now = Date.parse(options.now);
  const last =
    cluster.lastAt === null ? Number.NaN : Date.parse(cluster.lastAt);
  const ageDays = Number.isNaN(last)
    ? Infinity
    : Math.max(0, now - last) / dayMs;
  const recency = Number.isFinite(ageDays)
    ? 0.5 ** (ageDays / halfLife(options, now))
    : 0;
  const timeConcentration = densestShare(cluster.times, options.windowDays);
  const placeConcentration = cluster.placeShare;

  const score =
    base *
    callerFactor *
    (0.5 + 0.5 * recency) *
    (0.5 + 0.5 * timeConcentration) *
    (0.5 + 0.5 * placeConcentration);
  return {
    cluster,
    score,
    parts: {
      base,
      support,
      callerFactor,
      recency,
      timeConcentration,
      placeConcentration,
    },
  };
}

/** Returns the recency half-life in days: a quarter of the data's span,
 *  at least `halfLifeDays`. */
function halfLife(options: HotspotScoreOptions, now: number): number {
  if (options.first === undefined) return options.halfLifeDays;
  const first = Date.parse(options.first);
  if (!Number.isFinite(first) || !Number.isFinite(now)) {
    return options.halfLifeDays;
  }
  return Math.max(options.halfLifeDays, (now - first) / dayMs / 4);
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
