import type Database from 'better-sqlite3';
import { segmentForSearch } from './segment.ts';
import { isCompoundTerm } from './synonyms.ts';

/** Document frequencies of the passage bodies, read from the FTS5 index. */
export interface TermStatistics {
  /** Passages in the knowledge base. */
  passageCount: number;
  /**
   * Inverse document frequency ln(1 + N / (df + 0.5)) of a term over
   * passage bodies (titles excluded, because a title repeats in every
   * passage of its document). A phrase or compound term takes the smallest
   * df of its jieba search words, an upper bound of its own df.
   */
  idf(term: string): number;
}

const statements = new WeakMap<Database.Database, Database.Statement>();

/**
 * Opens the body-column vocabulary of the passage index (a temporary
 * fts5vocab table on this connection) and counts the passages. Call it
 * once per query: the counts are read live, so imports show at once.
 */
export function termStatistics(sqlite: Database.Database): TermStatistics {
  let frequency = statements.get(sqlite);
  if (frequency === undefined) {
    sqlite.exec(
      `create virtual table if not exists temp.kb_body_terms
         using fts5vocab(main, kb_passages_fts, col)`,
    );
    frequency = sqlite.prepare(
      "select doc from temp.kb_body_terms where term = ? and col = 'body'",
    );
    statements.set(sqlite, frequency);
  }
  const lookup = frequency;
  const passageCount = (
    sqlite.prepare('select count(*) as n from kb_passages').get() as {
      n: number;
    }
  ).n;
  const known = new Map<string, number>();
  const documentFrequency = (word: string): number => {
    let count = known.get(word);
    if (count === undefined) {
      const row = lookup.get(word) as { doc: number } | undefined;
      count = row?.doc ?? 0;
      known.set(word, count);
    }
    return count;
  };
  return {
    passageCount,
    idf(term) {
      const parts = isCompoundTerm(term) ? term.split('+') : [term];
      const words = parts.flatMap((part) => segmentForSearch(part));
      const counts = words.map(documentFrequency);
      const df = counts.length === 0 ? 0 : Math.min(...counts);
      return Math.log(1 + passageCount / (df + 0.5));
    },
  };
}
