import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Knowledge-base tables: imported documents, their passages (one per
 * article or paragraph), an FTS5 index over jieba-segmented passage text,
 * a vocabulary view of it for document frequencies, and optional passage
 * embeddings.
 *
 * NOTE: FTS5 and fts5vocab are SQLite features; a PostgreSQL store needs
 * its own full-text index instead.
 */
export const kbMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('kb_documents')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('source_path', 'text', (c) => c.notNull().unique())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('effective_date', 'text')
      .addColumn('version_date', 'text')
      .addColumn('passage_count', 'integer', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('kb_passages')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('document_id', 'integer', (c) =>
        c.notNull().references('kb_documents.id').onDelete('cascade'),
      )
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('article', 'text')
      .addColumn('article_number', 'integer')
      .addColumn('chapter_path', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('kb_passages_document')
      .on('kb_passages')
      .column('document_id')
      .execute();

    // rowid = kb_passages.id. Columns hold space-joined jieba words, so the
    // default unicode61 tokenizer sees one token per word.
    await sql`create virtual table kb_passages_fts using fts5(
      body, title, tokenize = 'unicode61 remove_diacritics 0'
    )`.execute(db);
    await sql`create virtual table kb_terms using fts5vocab(
      kb_passages_fts, 'row'
    )`.execute(db);

    await db.schema
      .createTable('kb_embeddings')
      .addColumn('passage_id', 'integer', (c) =>
        c.primaryKey().references('kb_passages.id').onDelete('cascade'),
      )
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('vector', 'blob', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('kb_embeddings').ifExists().execute();
    await sql`drop table if exists kb_terms`.execute(db);
    await sql`drop table if exists kb_passages_fts`.execute(db);
    await db.schema.dropTable('kb_passages').ifExists().execute();
    await db.schema.dropTable('kb_documents').ifExists().execute();
  },
};
