import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Core tables: appeals, their triage results, model versions, runs and
 * rejected rows. Types stay within what SQLite and PostgreSQL share
 * (text, integer, double precision), so the same migration serves both.
 */
export const coreMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('runs')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('command', 'text', (c) => c.notNull())
      .addColumn('inputs', 'text', (c) => c.notNull())
      .addColumn('model_version', 'text')
      .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('stored', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('appeals')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('content_hash', 'text', (c) => c.notNull().unique())
      .addColumn('external_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text')
      .addColumn('caller', 'text')
      .addColumn('recorded_category', 'text')
      .addColumn('extra', 'text', (c) => c.notNull())
      .addColumn('mask_spans', 'text', (c) => c.notNull())
      .addColumn('warnings', 'text', (c) => c.notNull())
      .addColumn('source_kind', 'text', (c) => c.notNull())
      .addColumn('source_name', 'text', (c) => c.notNull())
      .addColumn('source_row', 'integer', (c) => c.notNull())
      .addColumn('run_id', 'integer', (c) => c.references('runs.id'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('appeals_received_at')
      .on('appeals')
      .column('received_at')
      .execute();

    await db.schema
      .createTable('triage_results')
      .addColumn('appeal_id', 'integer', (c) =>
        c.primaryKey().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('scores', 'text', (c) => c.notNull())
      .addColumn('appeal_type', 'text', (c) => c.notNull())
      .addColumn('division_code', 'text')
      .addColumn('division_path', 'text')
      .addColumn('elements', 'text', (c) => c.notNull())
      .addColumn('departments', 'text', (c) => c.notNull())
      // First department of `departments`, kept as a column so the report
      // can group by it in SQL without JSON functions that differ by dialect.
      .addColumn('department', 'text')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('model_version', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('triage_results_category')
      .on('triage_results')
      .column('category')
      .execute();
    await db.schema
      .createIndex('triage_results_department')
      .on('triage_results')
      .column('department')
      .execute();

    await db.schema
      .createTable('model_versions')
      .addColumn('version', 'text', (c) => c.primaryKey())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('rejects')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('run_id', 'integer', (c) => c.references('runs.id'))
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('row', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    // Progress marker per input file, so a killed run resumes after the
    // last committed batch instead of re-reading from the start.
    await db.schema
      .createTable('ingest_progress')
      .addColumn('file_key', 'text', (c) => c.primaryKey())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('rows_done', 'integer', (c) => c.notNull())
      .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await sql`select 1`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'ingest_progress',
      'rejects',
      'model_versions',
      'triage_results',
      'appeals',
      'runs',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
