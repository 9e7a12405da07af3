import { InvalidArgumentError } from '../errors/index.ts';
import type { Store } from '../store/database.ts';
import {
  NearDuplicateIndex,
  defaultNearDuplicateThreshold,
} from './near-duplicate-index.ts';
import { jaccard, shingleHashes } from './shingle-hashes.ts';

/** Options of `findNearDuplicates`. */
export interface FindNearDuplicatesOptions {
  /** Minimum exact Jaccard similarity of shingle sets, 0 to 1. */
  threshold?: number;
  /** Maximum number of matches returned. */
  limit?: number;
  /** Appeal ids to leave out, e.g. the appeal being checked itself. */
  excludeIds?: readonly number[];
  /** Only appeals received before this ISO time (earlier appeals). */
  receivedBefore?: string;
  /** Index to query; by default one is loaded per store and reused. */
  index?: NearDuplicateIndex;
  /** LSH candidates checked exactly, best estimate first; default 200.
   *  A lower cap bounds the cost when many stored appeals share a template. */
  maxCandidates?: number;
  /** Index entries visited per LSH band, newest first; no limit by
   *  default. See `LshIndex.query`. */
  bandScanLimit?: number;
  /** MinHash signature of `text` from the index's hasher, when the caller
   *  has already computed it; saves signing the text again. */
  signature?: Uint32Array;
}

/** A stored appeal that reports the same thing as the query text. */
export interface NearDuplicate {
  appealId: number;
  /** Exact Jaccard similarity of the 3-character shingle sets. */
  similarity: number;
  title: string;
  receivedAt: string | null;
  category: string | null;
}

/**
 * Margin below the threshold for the LSH candidate filter, because the
 * 8-bit sketch estimate has a standard error of about 0.06 at J = 0.3
 * with 64 hashes.
 */
const estimateMargin = 0.12;

const loadedIndexes = new WeakMap<Store, Promise<NearDuplicateIndex>>();

/**
 * Returns the index of a store, loading it on first use. Later calls
 * reuse it, so callers that add appeals must add them through
 * `addAppeal` on this index.
 */
export function nearDuplicateIndexOf(store: Store): Promise<NearDuplicateIndex> {
  let loaded = loadedIndexes.get(store);
  if (loaded === undefined) {
    loaded = NearDuplicateIndex.load(store);
    loadedIndexes.set(store, loaded);
  }
  return loaded;
}

/**
 * Finds stored appeals that report the same thing as `text`: LSH
 * candidates are checked by the exact Jaccard similarity of their
 * shingle sets, best first.
 *
 * @throws InvalidArgumentError for a threshold outside (0, 1].
 */
export async function findNearDuplicates(
  store: Store,
  text: string,
  options: FindNearDuplicatesOptions = {},
): Promise<NearDuplicate[]> {
  const threshold = options.threshold ?? defaultNearDuplicateThreshold;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new InvalidArgumentError({
      parameter: 'threshold',
      value: threshold,
      message:
        `near-duplicate threshold must be in (0, 1], got ` +
        `${String(threshold)}. Use e.g. ${defaultNearDuplicateThreshold}.`,
    });
  }
  const limit = options.limit ?? 20;
  const index = options.index ?? (await nearDuplicateIndexOf(store));
  const excluded = new Set(options.excludeIds ?? []);
  const signature = options.signature ?? index.hasher.signText(text);
  const candidates = index.index
    .query(
      signature,
      Math.max(0, threshold - estimateMargin),
      options.maxCandidates ?? 200,
      options.bandScanLimit ?? Infinity,
    )
    .filter((candidate) => !excluded.has(candidate.id));
  if (candidates.length === 0) return [];

  const rows = await store.db
    .selectFrom('appeals')
    .leftJoin('triage_results', 'triage_results.appeal_id', 'appeals.id')
    .select([
      'appeals.id as id',
      'appeals.title as title',
      'appeals.body as body',
      'appeals.received_at as receivedAt',
      'triage_results.category as category',
    ])
    .where(
      'appeals.id',
      'in',
      candidates.map((candidate) => candidate.id),
    )
    .execute();
  const shingleSize = index.hasher.options.shingleSize;
  const query = shingleHashes(text, shingleSize);
  const matches: NearDuplicate[] = [];
  for (const row of rows) {
    if (
      options.receivedBefore !== undefined &&
      (row.receivedAt === null || row.receivedAt >= options.receivedBefore)
    ) {
      continue;
    }
    const similarity = jaccard(
      query,
      shingleHashes(`${row.title}\n${row.body}`, shingleSize),
    );
    if (similarity < threshold) continue;
    matches.push({
      appealId: row.id,
      similarity,
      title: row.title,
      receivedAt: row.receivedAt,
      category: row.category,
    });
  }
  matches.sort((a, b) => b.similarity - a.similarity || a.appealId - b.appealId);
  return matches.slice(0, limit);
}
