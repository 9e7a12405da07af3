import type { Store } from '../store/database.ts';
import type { Logger } from '../logger.ts';
import {
  kbConnection,
  passageColumns,
  toPassage,
  type PassageRow,
} from './kb-database.ts';
import type { Passage } from './passage.ts';
import {
  conceptSearchWords,
  questionConcepts,
  type QuestionConcept,
} from './question-concepts.ts';
import { termOccurs, type SynonymTable } from './synonyms.ts';
import { termStatistics } from './term-statistics.ts';
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
   * each concept of the question (`questionConcepts`) found in the passage
   * text, its document title or its chapter names adds its idf. The
   * relevance gate reads it.
   */
  coverage: number;
  /** Like `coverage`, counting the passage text only. */
  textCoverage: number;
  /** Concepts found in the text, title or chapter names. */
  coveredConcepts: number;
  /**
   * Share of the question's weight held by the heaviest concept that the
   * passage misses, in [0, 1]; 0 when it covers every concept.
   */
  largestGap: number;
  /** Concepts of the question. */
  conceptCount: number;
  /** Ranking score: coverage, title share and scaled bm25 combined. */
  score: number;
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
const candidateCount = 100;

/**
 * Finds passages for a question. Candidates come from FTS5 bm25() over
 * jieba words (body weighted 1, title 0.3), queried with the search words
 * of the question's concepts (`questionConcepts`: numbers and question
 * words dropped, synonyms expanded). When an embedding client is given
 * and passages have vectors of its model, the cosine ranking joins by
 * reciprocal rank fusion. Candidates are then ordered by `score`: the idf
 * share of concepts in the passage text, plus `titleWeight` times the
 * share found only in the document title or chapter names, plus
 * `lexicalWeight` times bm25 scaled to the best candidate.
 */
export async function searchPassages(
  store: Store,
  question: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const sqlite = kbConnection(store);
  const limit = options.limit ?? 5;
  const concepts = questionConcepts(question, options.synonyms);
  const statistics = termStatistics(sqlite);
  const words = selectSearchWords(
    conceptSearchWords(concepts),
    statistics.documentFrequency,
    statistics.passageCount,
  );
  if (words.length === 0) return [];
  const match = words.map((word) => `"${word.replace(/"/gu, '""')}"`).join(' OR ');
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
  // Rank ids first and read the passage texts of the winners only:
  // sorting whole rows made the query about twice as slow.
  const rows = sqlite
    .prepare(
      `select ${passageColumns}, ranked.score
       from (
         select p.id, bm25(kb_passages_fts, 1.0, 0.3) as score
         from kb_passages_fts
         join kb_passages p on p.id = kb_passages_fts.rowid
         join kb_documents d on d.id = p.document_id
         where ${where.join(' and ')}
         order by score limit ${candidateCount}
       ) ranked
       join kb_passages p on p.id = ranked.id
       join kb_documents d on d.id = p.document_id
       order by ranked.score`,
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
  const weighted = concepts.map((concept) => ({
    concept,
    weight: conceptWeight(concept, statistics.idf),
  }));
  const best = Math.min(...ordered.map((hit) => hit.bm25 ?? 0), -1e-9);
  const scored = ordered.map((hit, index) => {
    const cover = measureCoverage(hit.passage, weighted);
    // Without bm25 (dense-only hit) the fused position stands in.
    const lexical = hit.bm25 === null ? 1 / (index + 2) : hit.bm25 / best;
    const score =
      cover.textCoverage +
      titleWeight * (cover.coverage - cover.textCoverage) +
      lexicalWeight * lexical;
    return { hit, cover, score };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map((item, index) => ({
    passage: item.hit.passage,
    rank: index + 1,
    bm25: item.hit.bm25,
    ...item.cover,
    conceptCount: concepts.length,
    score: item.score,
  }));
}

/**
 * Weight of bm25 (scaled to the best candidate's, so in [0, 1]) in the
 * ranking score; chosen on the development questions (see
 * docs/benchmarks.md).
 */
export const lexicalWeight = 0.3;

/**
 * Weight of concepts found only in the document title or chapter names,
 * against 1 for concepts in the passage text. A question about 工资 then
 * prefers articles of a wage regulation or chapter, but an article that
 * states the concept itself still wins. Chosen on the development
 * questions.
 */
export const titleWeight = 0.5;

/**
 * Share of passages above which a search word is left out of the FTS5
 * query. Such words (单位, 规定) add little to bm25 but make FTS5 score
 * thousands of rows; coverage still counts them.
 */
const commonWordShare = 0.1;

/** Passages a word may be in and still be searched, however small the base. */
const commonWordFloor = 200;

/**
 * Keeps the search words found in at most `commonWordShare` of passages
 * (and at least `commonWordFloor`, so small knowledge bases search every
 * word), or the three rarest when every word is that common.
 */
function selectSearchWords(
  words: readonly string[],
  documentFrequency: (word: string) => number,
  passageCount: number,
): string[] {
  const limit = Math.max(passageCount * commonWordShare, commonWordFloor);
  const rare = words.filter((word) => documentFrequency(word) <= limit);
  if (rare.length > 0) return rare;
  return [...words]
    .sort((a, b) => documentFrequency(a) - documentFrequency(b))
    .slice(0, 3);
}

/**
 * Weighs a concept as the idf of its most common alternative, because any
 * alternative covers it.
 */
function conceptWeight(
  concept: QuestionConcept,
  idf: (term: string) => number,
): number {
  return Math.min(...concept.alternatives.map((term) => idf(term)));
}

function measureCoverage(
  passage: Passage,
  weighted: readonly { concept: QuestionConcept; weight: number }[],
): Pick<
  SearchHit,
  'coverage' | 'textCoverage' | 'coveredConcepts' | 'largestGap'
> {
  const text = passage.text.toLowerCase();
  const context = [passage.documentTitle, ...passage.chapterPath]
    .join('\n')
    .toLowerCase();
  let total = 0;
  let inText = 0;
  let inContext = 0;
  let coveredConcepts = 0;
  let gap = 0;
  for (const { concept, weight } of weighted) {
    total += weight;
    if (concept.alternatives.some((term) => termOccurs(term, text))) {
      inText += weight;
      coveredConcepts += 1;
    } else if (concept.alternatives.some((term) => termOccurs(term, context))) {
      inContext += weight;
      coveredConcepts += 1;
    } else {
      gap = Math.max(gap, weight);
    }
  }
  if (total === 0) {
    return { coverage: 0, textCoverage: 0, coveredConcepts, largestGap: 1 };
  }
  return {
    coverage: (inText + inContext) / total,
    textCoverage: inText / total,
    coveredConcepts,
    largestGap: gap / total,
  };
}
