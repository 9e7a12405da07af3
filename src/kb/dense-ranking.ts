import type { Store } from '../store/database.ts';
import {
  kbConnection,
  passageColumns,
  toPassage,
  type PassageRow,
} from './kb-database.ts';
import type { Passage } from './passage.ts';
import type { EmbeddingClient } from './embedding-client.ts';
import type { SearchFilters } from './search-passages.ts';

/** A ranked candidate before fusion. */
export interface RankedPassage {
  passage: Passage;
  bm25: number | null;
}

/** The k of reciprocal rank fusion, 1 / (k + rank); 60 is the usual value. */
export const fusionK = 60;

/**
 * Ranks stored passages by cosine similarity to the question's vector,
 * using only vectors of the client's model, by a full scan.
 *
 * NOTE: a full scan is fine for thousands of passages; a much larger base
 * needs an approximate nearest-neighbour index.
 */
export async function denseRanking(
  store: Store,
  question: string,
  client: EmbeddingClient,
  options: { limit: number; filters?: SearchFilters },
): Promise<Passage[]> {
  const sqlite = kbConnection(store);
  const [query] = await client.embed([question]);
  if (query === undefined) return [];
  const rows = sqlite
    .prepare(
      `select ${passageColumns}, e.vector from kb_embeddings e
       join kb_passages p on p.id = e.passage_id
       join kb_documents d on d.id = p.document_id
       where e.model = ?`,
    )
    .all(client.model) as (PassageRow & { vector: Buffer })[];
  const scored = rows
    .filter((row) => matchesFilters(row, options.filters))
    .map((row) => {
      const vector = new Float32Array(
        row.vector.buffer,
        row.vector.byteOffset,
        row.vector.byteLength / 4,
      );
      return { row, score: cosine(query, vector) };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, options.limit);
  return scored.map((item) => toPassage(item.row));
}

function matchesFilters(row: PassageRow, filters: SearchFilters | undefined): boolean {
  if (filters?.documentTitle !== undefined && !row.title.includes(filters.documentTitle)) {
    return false;
  }
  if (
    filters?.effectiveOn !== undefined &&
    row.effective_date !== null &&
    row.effective_date > filters.effectiveOn
  ) {
    return false;
  }
  return true;
}

function cosine(a: readonly number[], b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/**
 * Merges the lexical and dense rankings by reciprocal rank fusion: each
 * passage scores the sum of 1 / (k + rank) over the rankings it is in.
 */
export function fuseRankings(
  lexical: readonly RankedPassage[],
  dense: readonly Passage[],
): RankedPassage[] {
  const scores = new Map<number, { item: RankedPassage; score: number }>();
  lexical.forEach((item, index) => {
    scores.set(item.passage.id, { item, score: 1 / (fusionK + index + 1) });
  });
  dense.forEach((passage, index) => {
    const entry = scores.get(passage.id);
    const score = 1 / (fusionK + index + 1);
    if (entry) entry.score += score;
    else scores.set(passage.id, { item: { passage, bm25: null }, score });
  });
  return [...scores.values()]
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.item);
}
