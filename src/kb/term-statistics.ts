import type Database from 'better-sqlite3';
import { segmentForSearch } from './segment.ts';
import { isCompoundTerm } from './synonyms.ts';

/** Document frequencies of the passage bodies, read from the FTS5 index. */
export interface TermStatistics {
  /** Passages in the knowledge base. */
  passageCount: number;
  /** Passages whose body contains the jieba search word. */
  documentFrequency(word: string): number;
  /**
   * Inverse document frequency ln(1 + N / (df + 0.5)) of a term over
   * passage bodies (titles excluded, because a title repeats in every
   * passage of its document). A phrase or compound term takes the smallest
   * df of its jieba search words, an upper bound of its own df.
   */
  idf(term: string): number;
}

/** Per-connection statements and the frequencies read so far. */
interface VocabularyCache {
  lookup: Database.Statement;
  version: Database.Statement;
  /** `count:maxId` of kb_passages when `known` was filled. */
  key: string;
  known: Map<string, number>;
}

const caches = new WeakMap<Database.Database, VocabularyCache>();

/** Cached words per connection before the cache starts over. */
const maxCachedWords = 50_000;

/**
 * Opens the body-column vocabulary of the passage index (a temporary
 * fts5vocab table on this connection) and counts the passages. Call it
 * once per query. A vocabulary lookup costs about 0.1 ms, so frequencies
 * are cached per connection. The cache is dropped when the passage count
 * or the highest passage id changes. Every import that writes or removes
 * passages changes one of them, because AUTOINCREMENT never reuses ids.
 */
export function termStatistics(sqlite: Database.Database): TermStatistics {
  let cache = caches.get(sqlite);
  if (cache === undefined) {
    sqlite.exec(
      `create virtual table if not exists temp.kb_body_terms
         using fts5vocab(main, kb_passages_fts, col)`,
    );
    cache = {
      lookup: sqlite.prepare(
        "select doc from temp.kb_body_terms where term = ? and col = 'body'",
      ),
      version: sqlite.prepare(
        'select count(*) as n, max(id) as maxId from kb_passages',
      ),
      key: '',
      known: new Map(),
    };
    caches.set(sqlite, cache);
  }
  const current = cache;
  const { n: passageCount, maxId } = current.version.get() as {
    n: number;
    maxId: number | null;
  };
  const key = `${passageCount}:${maxId ?? 0}`;
  if (key !== current.key || current.known.size > maxCachedWords) {
    current.key = key;
    current.known.clear();
  }
  const documentFrequency = (word: string): number => {
    let count = current.known.get(word);
    if (count === undefined) {
      const row = current.lookup.get(word) as { doc: number } | undefined;
      count = row?.doc ?? 0;
      current.known.set(word, count);
    }
    return count;
  };
  return {
    passageCount,
    documentFrequency,
    idf(term) {
      const parts = isCompoundTerm(term) ? term.split('+') : [term];
      const words = parts.flatMap((part) => segmentForSearch(part));
      const counts = words.map(documentFrequency);
      const df = counts.length === 0 ? 0 : Math.min(...counts);
      return Math.log(1 + passageCount / (df + 0.5));
    },
  };
}
