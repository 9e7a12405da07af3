import type { Store } from '../store/database.ts';
import type { Logger } from '../logger.ts';
import {
  kbConnection,
  passageColumns,
  toPassage,
  type PassageRow,
} from './kb-database.ts';
import type { Passage } from './passage.ts';
import { segmentForSearch, segmentWords } from './segment.ts';
import { isStopWord } from './stop-words.ts';
import { expandSynonyms, type SynonymTable } from './synonyms.ts';
import type { EmbeddingClient } from './embedding-client.ts';
import { denseRanking, fuseRankings } from './dense-ranking.ts';

/** Narrows a search to some documents or to a date. */
export interface SearchFilters {
  /** Keep documents whose title contains this text. */
  documentTitle?: string;
  /** Keep documents in force on this YYYY-MM-DD date (or undated ones). */
  effectiveOn?: string;
}

/** A retrieved passage with its scores. */
export interface SearchHit {
  passage: Passage;
  /** Rank in the final order, from 1. */
  rank: number;
  /** FTS5 bm25() (lower is better, negative); null if only dense found it. */
  bm25: number | null;
  /**
   * Share of the question's idf weight that the passage covers, in [0, 1]:
   * each content word of the question (or a synonym of it) found in the
   * passage text or title adds its idf. This is the relevance gate.
   */
  coverage: number;
}

/** Options of `searchPassages`. */
export interface SearchOptions {
  synonyms: SynonymTable;
  limit?: number;
  filters?: SearchFilters;
  embeddings?: EmbeddingClient | null;
  logger?: Logger;
}

/** Candidates read from FTS5 before fusion and trimming. */
const candidateCount = 50;

/**
 * Finds passages for a question: BM25 over jieba words (FTS5 bm25() with
 * the body weighted 1 and the title 0.3), the question expanded with its
 * synonyms. When an embedding client is given and passages have vectors of
 * its model, the cosine ranking joins by reciprocal rank fusion.
 */
export async function searchPassages(
  store: Store,
  question: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const sqlite = kbConnection(store);
  const limit = options.limit ?? 5;
  const expansions = expandSynonyms(question, options.synonyms);
  const terms = new Set<string>();
  for (const text of [question, ...expansions]) {
    for (const word of segmentForSearch(text)) {
      if (!isStopWord(word)) terms.add(word);
    }
  }
  if (terms.size === 0) return [];
  const match = [...terms].map((term) => `"${term.replace(/"/gu, '""')}"`).join(' OR ');
  const where: string[] = ['kb_passages_fts match ?'];
  const parameters: unknown[] = [match];
  if (options.filters?.documentTitle !== undefined) {
    where.push("instr(d.title, ?) > 0");
    parameters.push(options.filters.documentTitle);
  }
  if (options.filters?.effectiveOn !== undefined) {
    where.push('(d.effective_date is null or d.effective_date <= ?)');
    parameters.push(options.filters.effectiveOn);
  }
  const rows = sqlite
    .prepare(
      `select ${passageColumns}, bm25(kb_passages_fts, 1.0, 0.3) as score
       from kb_passages_fts
       join kb_passages p on p.id = kb_passages_fts.rowid
       join kb_documents d on d.id = p.document_id
       where ${where.join(' and ')}
       order by score limit ${candidateCount}`,
    )
    .all(...parameters) as (PassageRow & { score: number })[];

  let ordered = rows.map((row) => ({ passage: toPassage(row), bm25: row.score as number | null }));
  if (options.embeddings) {
    const dense = await denseRanking(store, question, options.embeddings, {
      limit: candidateCount,
      ...(options.filters ? { filters: options.filters } : {}),
    });
    ordered = fuseRankings(ordered, dense);
  }
  const weigh = coverageScorer(sqlite, question, options.synonyms);
  const best = Math.min(...ordered.map((hit) => hit.bm25 ?? 0), -1e-9);
  const scored = ordered.map((hit, index) => {
    const coverage = weigh(hit.passage);
    // Without bm25 (dense-only hit) the fused position stands in.
    const lexical = hit.bm25 === null ? 1 / (index + 2) : hit.bm25 / best;
    return { hit, coverage, score: coverage + lexicalWeight * lexical };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map((item, index) => ({
    passage: item.hit.passage,
    rank: index + 1,
    bm25: item.hit.bm25,
    coverage: item.coverage,
  }));
}

/**
 * Weight of the bm25 score (scaled to the best candidate's, so in [0, 1])
 * against coverage when candidates are re-ordered; chosen on the
 * evaluation sets (see docs/benchmarks.md).
 */
export const lexicalWeight = 0.5;

/**
 * Builds the coverage function for one question. Concepts are the
 * question's accurate-mode content words; a word inside a synonym group
 * counts as covered when any term of the group occurs in the passage.
 * Each concept weighs its idf, ln(1 + N / (df + 0.5)), so a word absent
 * from the whole knowledge base (天气) weighs most and, uncovered, pulls
 * coverage down.
 */
function coverageScorer(
  sqlite: ReturnType<typeof kbConnection>,
  question: string,
  synonyms: SynonymTable,
): (passage: Passage) => number {
  const total =
    (sqlite.prepare('select count(*) as n from kb_passages').get() as { n: number }).n;
  const documentFrequency = sqlite.prepare(
    'select doc from kb_terms where term = ?',
  );
  const idf = (term: string): number => {
    const row = documentFrequency.get(term.toLowerCase()) as { doc: number } | undefined;
    return Math.log(1 + total / ((row?.doc ?? 0) + 0.5));
  };
  const concepts: { alternatives: string[]; weight: number }[] = [];
  let rest = question;
  if (synonyms.pattern !== null) {
    rest = question.replace(synonyms.pattern, (term) => {
      const head = synonyms.canonical.get(term);
      const group = synonyms.groups.find((terms) => terms[0] === head) ?? [term];
      // Any term of the group covers the concept, so it weighs as its
      // most common term.
      const weight = Math.min(...group.map((alternative) => idf(alternative)));
      concepts.push({ alternatives: [...group], weight });
      return ' ';
    });
  }
  for (const word of segmentWords(rest)) {
    if (isStopWord(word)) continue;
    concepts.push({ alternatives: [word], weight: idf(word) });
  }
  const sum = concepts.reduce((acc, concept) => acc + concept.weight, 0);
  return (passage) => {
    if (sum === 0) return 0;
    const haystack = `${passage.documentTitle}\n${passage.text}`.toLowerCase();
    let covered = 0;
    for (const concept of concepts) {
      if (concept.alternatives.some((term) => haystack.includes(term.toLowerCase()))) {
        covered += concept.weight;
      }
    }
    return covered / sum;
  };
}
