import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '../store/database.ts';
import { InputFileError } from '../errors/index.ts';
import { noopLogger, type Logger } from '../logger.ts';
import { chunkDocument } from './chunk-document.ts';
import { formatOf, readBytes, readDocument } from './read-document.ts';
import { kbConnection } from './kb-database.ts';
import { segmentForSearch } from './segment.ts';
import { isStopWord } from './stop-words.ts';
import type { EmbeddingClient } from './embedding-client.ts';

/** Counts from one import. */
export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Passages written by this import. */
  passages: number;
  /** Files in walked folders skipped for an unsupported extension. */
  skipped: string[];
}

/** Options of `importDocuments`. */
export interface ImportOptions {
  /** Clock for `imported_at`; injected for tests. */
  now?: () => Date;
  logger?: Logger;
  /** When set, new passages also get dense vectors. */
  embeddings?: EmbeddingClient | null;
}

/**
 * Imports documents into the knowledge base. Each path is a file or a
 * folder walked recursively. A document is keyed by its absolute path and
 * re-parsed only when its SHA-256 changes. A document stored under an
 * imported folder but no longer present in it is removed with its
 * passages, so re-importing a folder mirrors it; importing single files
 * removes nothing.
 *
 * @throws InputFileError when a path is missing or a file cannot be parsed.
 */
export async function importDocuments(
  store: Store,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? noopLogger;
  const sqlite = kbConnection(store);
  const report: ImportReport = {
    added: 0, updated: 0, unchanged: 0, removed: 0, passages: 0, skipped: [],
  };
  const files: string[] = [];
  const folders: string[] = [];
  for (const given of paths) {
    const resolved = path.resolve(given);
    const info = await stat(resolved).catch((error: unknown) => {
      throw new InputFileError({
        file: given,
        message:
          `cannot import "${given}": ${(error as Error).message}. ` +
          'Pass existing files or folders.',
        cause: error,
      });
    });
    if (info.isDirectory()) {
      folders.push(resolved);
      for (const file of await walk(resolved)) {
        if (formatOf(file) === null) report.skipped.push(file);
        else files.push(file);
      }
    } else {
      files.push(resolved);
    }
  }

  const findDocument = sqlite.prepare(
    'select id, content_hash from kb_documents where source_path = ?',
  );
  for (const file of files) {
    const bytes = await readBytes(file);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const existing = findDocument.get(file) as
      | { id: number; content_hash: string }
      | undefined;
    if (existing?.content_hash === hash) {
      report.unchanged += 1;
      continue;
    }
    const read = await readDocument(file, bytes);
    const chunked = chunkDocument(read.blocks, file, read.metadataTitle);
    const passageIds = writeDocument(sqlite, {
      file,
      format: read.format,
      hash,
      chunked,
      importedAt: now().toISOString(),
      replaceId: existing?.id ?? null,
    });
    if (options.embeddings) {
      await storeEmbeddings(sqlite, options.embeddings, passageIds, chunked);
    }
    report.passages += passageIds.length;
    if (existing) report.updated += 1;
    else report.added += 1;
    logger.info(
      { file, passages: passageIds.length, updated: Boolean(existing) },
      'imported knowledge-base document',
    );
  }

  const seen = new Set(files);
  for (const folder of folders) {
    const stored = sqlite
      .prepare(
        `select id, source_path from kb_documents
         where substr(source_path, 1, ?) = ?`,
      )
      .all(folder.length + 1, folder + path.sep) as {
      id: number;
      source_path: string;
    }[];
    for (const row of stored) {
      if (seen.has(row.source_path)) continue;
      deleteDocument(sqlite, row.id);
      report.removed += 1;
      logger.info({ file: row.source_path }, 'removed knowledge-base document');
    }
  }
  return report;
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** Space-joined search words of a passage, as stored in the FTS5 index. */
export function indexTokens(text: string): string {
  return segmentForSearch(text)
    .filter((word) => !isStopWord(word))
    .join(' ');
}

function writeDocument(
  sqlite: ReturnType<typeof kbConnection>,
  input: {
    file: string;
    format: string;
    hash: string;
    chunked: ReturnType<typeof chunkDocument>;
    importedAt: string;
    replaceId: number | null;
  },
): number[] {
  const insertDocument = sqlite.prepare(
    `insert into kb_documents (source_path, format, title, content_hash,
       effective_date, version_date, passage_count, imported_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPassage = sqlite.prepare(
    `insert into kb_passages (document_id, ordinal, article, article_number,
       chapter_path, text) values (?, ?, ?, ?, ?, ?)`,
  );
  const insertIndex = sqlite.prepare(
    'insert into kb_passages_fts (rowid, body, title) values (?, ?, ?)',
  );
  const { chunked } = input;
  const titleTokens = segmentForSearch(chunked.title).join(' ');
  const write = sqlite.transaction((): number[] => {
    if (input.replaceId !== null) deleteDocument(sqlite, input.replaceId);
    const documentId = Number(
      insertDocument.run(
        input.file,
        input.format,
        chunked.title,
        input.hash,
        chunked.effectiveDate,
        chunked.versionDate,
        chunked.passages.length,
        input.importedAt,
      ).lastInsertRowid,
    );
    const ids: number[] = [];
    chunked.passages.forEach((passage, ordinal) => {
      const id = Number(
        insertPassage.run(
          documentId,
          ordinal,
          passage.article,
          passage.articleNumber,
          JSON.stringify(passage.chapterPath),
          passage.text,
        ).lastInsertRowid,
      );
      insertIndex.run(id, indexTokens(passage.text), titleTokens);
      ids.push(id);
    });
    return ids;
  });
  return write();
}

/** Deletes a document, its passages, their index rows and embeddings. */
function deleteDocument(
  sqlite: ReturnType<typeof kbConnection>,
  documentId: number,
): void {
  sqlite
    .prepare(
      `delete from kb_passages_fts where rowid in
         (select id from kb_passages where document_id = ?)`,
    )
    .run(documentId);
  sqlite
    .prepare(
      `delete from kb_embeddings where passage_id in
         (select id from kb_passages where document_id = ?)`,
    )
    .run(documentId);
  sqlite.prepare('delete from kb_passages where document_id = ?').run(documentId);
  sqlite.prepare('delete from kb_documents where id = ?').run(documentId);
}

async function storeEmbeddings(
  sqlite: ReturnType<typeof kbConnection>,
  client: EmbeddingClient,
  passageIds: readonly number[],
  chunked: ReturnType<typeof chunkDocument>,
): Promise<void> {
  const insert = sqlite.prepare(
    `insert or replace into kb_embeddings (passage_id, model, vector)
     values (?, ?, ?)`,
  );
  const batchSize = 32;
  for (let start = 0; start < passageIds.length; start += batchSize) {
    const texts = chunked.passages
      .slice(start, start + batchSize)
      .map((passage) => `${chunked.title} ${passage.article ?? ''} ${passage.text}`);
    const vectors = await client.embed(texts);
    vectors.forEach((vector, offset) => {
      const id = passageIds[start + offset];
      if (id === undefined) return;
      insert.run(id, client.model, Buffer.from(new Float32Array(vector).buffer));
    });
  }
}
