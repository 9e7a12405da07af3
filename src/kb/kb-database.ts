import type Database from 'better-sqlite3';
import type { Store } from '../store/database.ts';
import { InvalidArgumentError } from '../errors/index.ts';
import type { Passage } from './passage.ts';

/**
 * Returns the raw SQLite connection of the store. The knowledge base uses
 * it directly because FTS5 queries and bm25() are outside Kysely's query
 * builder, and synchronous statements keep a query under a few ms.
 *
 * @throws InvalidArgumentError when the store is not SQLite.
 */
export function kbConnection(store: Store): Database.Database {
  if (store.sqlite === null) {
    throw new InvalidArgumentError({
      parameter: '--db',
      value: store.path,
      message:
        `the knowledge base needs a SQLite store, but "${store.path}" is ` +
        'not one. Pass --db with the path of a SQLite hotline database.',
    });
  }
  return store.sqlite;
}

/** Row shape of a passage joined with its document. */
export interface PassageRow {
  id: number;
  document_id: number;
  title: string;
  source_path: string;
  article: string | null;
  article_number: number | null;
  chapter_path: string;
  text: string;
  effective_date: string | null;
}

/** Columns selected for `PassageRow`, with `p` and `d` as table aliases. */
export const passageColumns = `p.id, p.document_id, d.title, d.source_path,
  p.article, p.article_number, p.chapter_path, p.text, d.effective_date`;

/** Converts a joined row to a passage. */
export function toPassage(row: PassageRow): Passage {
  return {
    id: row.id,
    documentId: row.document_id,
    documentTitle: row.title,
    sourcePath: row.source_path,
    article: row.article,
    articleNumber: row.article_number,
    chapterPath: JSON.parse(row.chapter_path) as string[],
    text: row.text,
    effectiveDate: row.effective_date,
  };
}

/** A document as `kb list` shows it. */
export interface KbDocumentSummary {
  id: number;
  title: string;
  sourcePath: string;
  format: string;
  effectiveDate: string | null;
  versionDate: string | null;
  passageCount: number;
  importedAt: string;
}

/** Lists imported documents by title. */
export function listDocuments(store: Store): KbDocumentSummary[] {
  const rows = kbConnection(store)
    .prepare(
      `select id, title, source_path, format, effective_date, version_date,
         passage_count, imported_at
       from kb_documents order by title, source_path`,
    )
    .all() as {
    id: number;
    title: string;
    source_path: string;
    format: string;
    effective_date: string | null;
    version_date: string | null;
    passage_count: number;
    imported_at: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    sourcePath: row.source_path,
    format: row.format,
    effectiveDate: row.effective_date,
    versionDate: row.version_date,
    passageCount: row.passage_count,
    importedAt: row.imported_at,
  }));
}

/** Loads every passage, in document and reading order. */
export function allPassages(store: Store): Passage[] {
  const rows = kbConnection(store)
    .prepare(
      `select ${passageColumns} from kb_passages p
       join kb_documents d on d.id = p.document_id
       order by d.title, p.ordinal`,
    )
    .all() as PassageRow[];
  return rows.map(toPassage);
}
