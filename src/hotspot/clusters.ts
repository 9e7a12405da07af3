import { InvalidArgumentError } from '../errors/index.ts';
import { extractPlaces, type Place, type PlaceKind } from './extract-places.ts';
import { TermTable, type TermVector } from './term-table.ts';

/** An appeal as the clusterer sees it. */
export interface ClusterInput {
  id: number;
  title: string;
  body: string;
  /** ISO 8601 local time, or null when unknown. */
  receivedAt: string | null;
  caller: string | null;
  /** Public support, when the source has it (likes and dislikes). */
  likes?: number;
  dislikes?: number;
  /** Places named in the appeal; extracted from the text when absent. */
  places?: Place[];
}

/** Settings of the leader clustering. */
export interface ClusterOptions {
  /** Minimum cosine similarity between an appeal and a cluster centroid. */
  threshold: number;
  /** Added to the threshold when both name specific places (estate,
   *  road, street) and none agree. */
  placeMismatchPenalty: number;
  /** Taken off the threshold when the cluster's members already name one
   *  of the appeal's specific places, so reports of one place join up. */
  placeMatchBonus: number;
  /** Terms kept per appeal vector (highest TF-IDF weight). */
  vectorTerms: number;
  /** Terms per appeal entered in the term → cluster inverted index. */
  indexTerms: number;
  /** Clusters scored exactly per appeal, by most shared index terms. */
  maxCandidates: number;
}

/**
 * Defaults tuned on 4,326 public messages with likes: the five largest
 * clusters are each one estate's or one organisation's problem.
 */
export const defaultClusterOptions: ClusterOptions = {
  threshold: 0.33,
  placeMismatchPenalty: 0.15,
  placeMatchBonus: 0.05,
  vectorTerms: 40,
  indexTerms: 10,
  maxCandidates: 40,
};

/** A group of appeals about the same concrete problem. */
export interface TopicCluster {
  id: number;
  /** Key terms, highest centroid weight first. */
  terms: string[];
  /** Readable label: the key terms joined. */
  label: string;
  /** Most often named place, most specific kind first, or null. */
  place: string | null;
  placeKind: PlaceKind | null;
  /** Share of members that name `place`, 0 to 1. */
  placeShare: number;
  appealIds: number[];
  count: number;
  distinctCallers: number;
  firstAt: string | null;
  lastAt: string | null;
  /** Receive times of the members, sorted (unknown times left out). */
  times: string[];
  likes: number;
  dislikes: number;
}

/**
 * A cluster as stored between runs: enough for new appeals to join it.
 * The centroid is cut to its highest-weight terms.
 */
export interface ClusterSnapshot {
  /** Centroid terms and weights, highest first. */
  centroid: [string, number][];
  /** Squared norm of the whole centroid, before the cut. */
  normSquared: number;
  places: { text: string; kind: PlaceKind; count: number }[];
  /** Members so far. */
  count: number;
}

/** What a snapshot says about a cluster for display. */
export interface ClusterSummary {
  terms: string[];
  label: string;
  place: string | null;
  placeKind: PlaceKind | null;
  placeShare: number;
}

interface ClusterState {
  id: number;
  /** Members before the cluster was restored. */
  priorCount: number;
  appealIds: number[];
  /** Sum of member vectors, by term id. */
  centroid: Map<number, number>;
  normSquared: number;
  places: Map<string, { kind: PlaceKind; count: number }>;
  /** Terms under which the cluster is in the inverted index. */
  indexedTerms: Set<number>;
  callers: Set<string>;
  anonymous: number;
  times: string[];
  likes: number;
  dislikes: number;
}

/** An L2-normalised appeal vector, highest weight first. */
interface AppealVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Longest posting list still read when looking for candidates. */
const maxPostingLength = 300;

const specificKinds: ReadonlySet<PlaceKind> = new Set([
  'estate',
  'road',
  'street',
]);
const placeKindRank: Record<PlaceKind, number> = {
  estate: 4,
  road: 3,
  street: 2,
  district: 1,
};

/**
 * Single-pass leader clustering of appeals. Each appeal becomes a TF-IDF
 * vector of jieba words and character bigrams (top `vectorTerms` terms,
 * L2-normalised). It joins the most similar cluster when the cosine with
 * the cluster's centroid (sum of member vectors) reaches the threshold,
 * else it starts a new cluster. Candidate clusters come from an inverted
 * index from term to the clusters whose members have it among their top
 * terms, so a new appeal costs O(candidates × terms), not O(clusters).
 *
 * Document frequencies grow with every observed appeal. `observe` a whole
 * batch first for stable weights; `add` observes an appeal it has not
 * seen. Earlier assignments are never revisited.
 */
export class TopicClusterer {
  readonly options: ClusterOptions;
  private readonly table = new TermTable();
  private readonly observed = new Map<number, TermVector>();
  private readonly states: ClusterState[] = [];
  /** Term id → ids of clusters indexed under it. */
  private readonly postings: (number[] | undefined)[] = [];
  private readonly assignment = new Map<number, number>();
  // Scratch for the candidate count, indexed by cluster id.
  private shared = new Int32Array(1024);

  constructor(options: Partial<ClusterOptions> = {}) {
    const merged = { ...defaultClusterOptions, ...options };
    if (!(merged.threshold > 0 && merged.threshold < 1)) {
      throw new InvalidArgumentError({
        parameter: 'threshold',
        value: merged.threshold,
        message:
          `cluster threshold must be a cosine similarity in (0, 1), got ` +
          `${String(merged.threshold)}. Use e.g. ` +
          `${defaultClusterOptions.threshold}.`,
      });
    }
    this.options = merged;
  }

  /** Counts an appeal's terms into the document frequencies. */
  observe(input: ClusterInput): void {
    if (this.observed.has(input.id) || this.assignment.has(input.id)) return;
    this.observed.set(
      input.id,
      this.table.count(input.title, input.body, true),
    );
  }

  /** Assigns an appeal to a cluster and returns the cluster id. */
  add(input: ClusterInput): number {
    const known = this.assignment.get(input.id);
    if (known !== undefined) return known;
    this.observe(input);
    const counts = this.observed.get(input.id) as TermVector;
    this.observed.delete(input.id);
    const vector = this.vectorize(counts);
    const places =
      input.places ?? extractPlaces(`${input.title}\n${input.body}`);

    const state = this.bestCluster(vector, places) ?? this.newCluster();
    this.join(state, input, vector, places);
    this.assignment.set(input.id, state.id);
    return state.id;
  }

  /** Returns the cluster id of an added appeal, if any. */
  clusterOf(appealId: number): number | undefined {
    return this.assignment.get(appealId);
  }

  /** Returns every cluster with at least `minimumCount` members. */
  // TODO: merge clusters that share a main place and key terms after the
  // fact; today only the join bar is lowered for a shared place.
  clusters(minimumCount = 1): TopicCluster[] {
    return this.states
      .filter((state) => state.appealIds.length >= minimumCount)
      .map((state) => summarize(state, this.table));
  }

  /**
   * Restores stored document frequencies (`documentCount` appeals seen
   * before). Call it before observing new appeals.
   */
  restoreTerms(
    documentCount: number,
    frequencies: Iterable<readonly [string, number]>,
  ): void {
    this.table.documentCount = documentCount;
    for (const [text, documents] of frequencies) {
      this.table.restore(text, documents);
    }
  }

  /** Returns the document count and the frequencies changed since the
   *  last call, to be written back to the store. */
  takeChangedTerms(): { documentCount: number; changed: [string, number][] } {
    return {
      documentCount: this.table.documentCount,
      changed: this.table.takeChanged(),
    };
  }

  /**
   * Restores a stored cluster and returns its new cluster id. It is
   * indexed under its `indexTerms × 3` highest centroid terms, because its
   * members' own top terms are no longer known.
   */
  restoreCluster(snapshot: ClusterSnapshot): number {
    const state = this.newCluster();
    state.priorCount = snapshot.count;
    state.normSquared = snapshot.normSquared;
    for (const [text, weight] of snapshot.centroid) {
      state.centroid.set(this.table.idOf(text), weight);
    }
    const indexed = snapshot.centroid.slice(0, this.options.indexTerms * 3);
    for (const [text] of indexed) this.index(state, this.table.idOf(text));
    for (const place of snapshot.places) {
      state.places.set(place.text, { kind: place.kind, count: place.count });
    }
    return state.id;
  }

  /** Returns a cluster's snapshot, its centroid cut to `centroidTerms`. */
  snapshot(clusterId: number, centroidTerms = 100): ClusterSnapshot {
    const state = this.states[clusterId];
    if (state === undefined) {
      throw new InvalidArgumentError({
        parameter: 'clusterId',
        value: clusterId,
        message:
          `cluster ${clusterId} not found: pass an id that add() or ` +
          `restoreCluster() returned.`,
      });
    }
    const centroid = [...state.centroid.entries()]
      .map(([id, weight]): [string, number] => [this.table.text(id), weight])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, centroidTerms);
    return {
      centroid,
      normSquared: state.normSquared,
      places: [...state.places].map(([text, entry]) => ({
        text,
        kind: entry.kind,
        count: entry.count,
      })),
      count: state.priorCount + state.appealIds.length,
    };
  }

  /** Returns the new members of a cluster since it was created or
   *  restored. */
  newMembers(clusterId: number): readonly number[] {
    return this.states[clusterId]?.appealIds ?? [];
  }

  /**
   * Keeps the `vectorTerms` highest TF-IDF weights (ties by term text)
   * without sorting the whole term list: a sorted buffer of the best so
   * far takes each term by insertion.
   */
  private vectorize(counts: TermVector): AppealVector {
    const table = this.table;
    const size = counts.ids.length;
    const keep = Math.min(this.options.vectorTerms, size);
    const bestIds = new Int32Array(keep);
    const best = new Float64Array(keep);
    let filled = 0;
    const logDocuments = Math.log(table.documentCount + 1);

    for (let i = 0; i < size; i += 1) {
      const id = counts.ids[i] as number;
      const frequency = table.frequency(id) || 1;
      const idf = logDocuments - Math.log(frequency + 1) + 1;
      const weight = (1 + Math.log(counts.weights[i] as number)) * idf;
      if (filled === keep) {
        const last = keep - 1;
        if (!ranksBefore(weight, id, best[last] as number, bestIds[last] as number, table)) {
          continue;
        }
        filled -= 1;
      }
      let slot = filled;
      while (
        slot > 0 &&
        ranksBefore(weight, id, best[slot - 1] as number, bestIds[slot - 1] as number, table)
      ) {
        best[slot] = best[slot - 1] as number;
        bestIds[slot] = bestIds[slot - 1] as number;
        slot -= 1;
      }
      best[slot] = weight;
      bestIds[slot] = id;
      filled += 1;
    }

    let norm = 0;
    for (let i = 0; i < keep; i += 1) norm += (best[i] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < keep; i += 1) best[i] = (best[i] as number) / norm;
    return { ids: bestIds, weights: best };
  }

  private bestCluster(
    vector: AppealVector,
    places: Place[],
  ): ClusterState | null {
    const shared = this.shared;
    const touched: number[] = [];
    const indexed = Math.min(this.options.indexTerms, vector.ids.length);
    for (let rank = 0; rank < indexed; rank += 1) {
      const list = this.postings[vector.ids[rank] as number];
      // A term shared by very many clusters says little about which one
      // fits and would make the lookup linear in the cluster count.
      if (list === undefined || list.length > maxPostingLength) continue;
      for (const clusterId of list) {
        if (shared[clusterId] === 0) touched.push(clusterId);
        shared[clusterId] = (shared[clusterId] as number) + 1;
      }
    }
    const candidates = this.topCandidates(touched);
    const specific = places.filter((place) => specificKinds.has(place.kind));

    let best: ClusterState | null = null;
    let bestScore = 0;
    for (const clusterId of candidates) {
      const state = this.states[clusterId] as ClusterState;
      let dot = 0;
      for (let i = 0; i < vector.ids.length; i += 1) {
        const weight = state.centroid.get(vector.ids[i] as number);
        if (weight !== undefined) dot += (vector.weights[i] as number) * weight;
      }
      const cosine = dot / Math.sqrt(state.normSquared || 1);
      let required = this.options.threshold;
      if (specific.length > 0 && !sharesSpecificPlace(state, specific)) {
        required += this.options.placeMismatchPenalty;
      } else if (specific.some((place) => state.places.has(place.text))) {
        required -= this.options.placeMatchBonus;
      }
      if (cosine >= required && cosine > bestScore) {
        best = state;
        bestScore = cosine;
      }
    }
    return best;
  }

  /**
   * Returns up to `maxCandidates` touched clusters, most shared terms
   * first, then lowest id, and clears their counts. Counts are at most
   * `indexTerms`, so clusters are bucketed by count instead of sorted.
   */
  private topCandidates(touched: number[]): number[] {
    const shared = this.shared;
    const limit = this.options.maxCandidates;
    const buckets: number[][] = [];
    for (const clusterId of touched) {
      const count = shared[clusterId] as number;
      shared[clusterId] = 0;
      (buckets[count] ??= []).push(clusterId);
    }
    const candidates: number[] = [];
    for (let count = buckets.length - 1; count > 0; count -= 1) {
      const bucket = buckets[count];
      if (bucket === undefined) continue;
      bucket.sort((a, b) => a - b);
      for (const clusterId of bucket) {
        if (candidates.length >= limit) return candidates;
        candidates.push(clusterId);
      }
    }
    return candidates;
  }

  private newCluster(): ClusterState {
    const state: ClusterState = {
      id: this.states.length,
      priorCount: 0,
      appealIds: [],
      centroid: new Map(),
      normSquared: 0,
      places: new Map(),
      indexedTerms: new Set(),
      callers: new Set(),
      anonymous: 0,
      times: [],
      likes: 0,
      dislikes: 0,
    };
    this.states.push(state);
    if (state.id >= this.shared.length) {
      const shared = new Int32Array(this.shared.length * 2);
      shared.set(this.shared);
      this.shared = shared;
    }
    return state;
  }

  private join(
    state: ClusterState,
    input: ClusterInput,
    vector: AppealVector,
    places: Place[],
  ): void {
    state.appealIds.push(input.id);
    for (let i = 0; i < vector.ids.length; i += 1) {
      const term = vector.ids[i] as number;
      const before = state.centroid.get(term) ?? 0;
      const after = before + (vector.weights[i] as number);
      state.centroid.set(term, after);
      state.normSquared += after * after - before * before;
    }
    const indexed = Math.min(this.options.indexTerms, vector.ids.length);
    for (let rank = 0; rank < indexed; rank += 1) {
      const term = vector.ids[rank] as number;
      this.index(state, term);
    }
    for (const place of places) {
      const entry = state.places.get(place.text);
      if (entry === undefined) {
        state.places.set(place.text, { kind: place.kind, count: 1 });
      } else {
        entry.count += 1;
      }
    }
    if (input.caller === null || input.caller === '') state.anonymous += 1;
    else state.callers.add(input.caller);
    if (input.receivedAt !== null) state.times.push(input.receivedAt);
    state.likes += input.likes ?? 0;
    state.dislikes += input.dislikes ?? 0;
  }

  /** Enters a cluster in the inverted index under a term, once. */
  private index(state: ClusterState, term: number): void {
    if (state.indexedTerms.has(term)) return;
    state.indexedTerms.add(term);
    const list = this.postings[term];
    if (list === undefined) this.postings[term] = [state.id];
    else list.push(state.id);
  }
}

/** Tells whether a term ranks before another: by weight, then by text. */
function ranksBefore(
  weight: number,
  id: number,
  otherWeight: number,
  otherId: number,
  table: TermTable,
): boolean {
  if (weight !== otherWeight) return weight > otherWeight;
  return table.text(id) < table.text(otherId);
}

function sharesSpecificPlace(state: ClusterState, places: Place[]): boolean {
  let clusterHasSpecific = false;
  for (const entry of state.places.values()) {
    if (specificKinds.has(entry.kind)) {
      clusterHasSpecific = true;
      break;
    }
  }
  if (!clusterHasSpecific) return true;
  return places.some((place) => state.places.has(place.text));
}

function summarize(state: ClusterState, table: TermTable): TopicCluster {
  const summary = summarizeSnapshot({
    centroid: [...state.centroid.entries()].map(
      ([id, weight]): [string, number] => [table.text(id), weight],
    ),
    normSquared: state.normSquared,
    places: [...state.places].map(([text, entry]) => ({ text, ...entry })),
    count: state.priorCount + state.appealIds.length,
  });
  const times = [...state.times].sort();
  return {
    id: state.id,
    ...summary,
    appealIds: [...state.appealIds],
    count: state.appealIds.length,
    distinctCallers: state.callers.size + state.anonymous,
    firstAt: times[0] ?? null,
    lastAt: times[times.length - 1] ?? null,
    times,
    likes: state.likes,
    dislikes: state.dislikes,
  };
}

/** Returns the label terms and main place of a cluster snapshot. */
export function summarizeSnapshot(snapshot: ClusterSnapshot): ClusterSummary {
  const terms = snapshot.centroid
    .filter(([term]) => !term.startsWith('#'))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([term]) => term);
  let place: string | null = null;
  let placeKind: PlaceKind | null = null;
  let placeCount = 0;
  let placeScore = 0;
  const count = snapshot.count;
  for (const entry of snapshot.places) {
    // A place must be named by at least a third of the members (or two)
    // to stand for the cluster. Among those, the most specific kind and
    // then the most frequent wins.
    if (entry.count < Math.min(2, count) || entry.count < count / 3) continue;
    const score = placeKindRank[entry.kind] * 1e6 + entry.count;
    if (score > placeScore) {
      place = entry.text;
      placeKind = entry.kind;
      placeCount = entry.count;
      placeScore = score;
    }
  }
  return {
    terms,
    label: terms.join(' '),
    place,
    placeKind,
    placeShare: count === 0 ? 0 : placeCount / count,
  };
}

/**
 * Clusters a batch: observes every appeal first (stable document
 * frequencies), then adds them in order of receive time.
 */
export function clusterAppeals(
  inputs: readonly ClusterInput[],
  options: Partial<ClusterOptions> = {},
): { clusterer: TopicClusterer; clusters: TopicCluster[] } {
  const clusterer = new TopicClusterer(options);
  for (const input of inputs) clusterer.observe(input);
  const ordered = [...inputs].sort(
    (a, b) =>
      (a.receivedAt ?? '').localeCompare(b.receivedAt ?? '') || a.id - b.id,
  );
  for (const input of ordered) clusterer.add(input);
  return { clusterer, clusters: clusterer.clusters() };
}
