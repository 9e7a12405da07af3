import type { Kysely, Migration } from 'kysely';

/**
 * Labelling tables: the teacher's response cache (one row per model and
 * request hash, so a re-run sends nothing), the token and cost ledger of
 * each teacher run, and the expert review queue with its labels and notes.
 */
export const labelingMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('teacher_responses')
      .addColumn('cache_key', 'text', (c) => c.primaryKey())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('prompt_hash', 'text', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('prompt_tokens', 'integer', (c) => c.notNull())
      .addColumn('completion_tokens', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('teacher_runs')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('cache_hits', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('retries', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('prompt_tokens', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('completion_tokens', 'integer', (c) =>
        c.notNull().defaultTo(0),
      )
      .addColumn('cost', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('review_items')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('appeal_key', 'text', (c) => c.notNull().unique())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('suggested_label', 'text')
      .addColumn('uncertainty', 'double precision', (c) => c.notNull())
      .addColumn('batch', 'integer', (c) => c.notNull())
      .addColumn('reviews_needed', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('review_items_status')
      .on('review_items')
      .columns(['status', 'batch'])
      .execute();

    await db.schema
      .createTable('review_labels')
      .addColumn('item_id', 'integer', (c) =>
        c.notNull().references('review_items.id').onDelete('cascade'),
      )
      .addColumn('expert', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('review_labels_key', ['item_id', 'expert'])
      .execute();

    await db.schema
      .createTable('review_notes')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('item_id', 'integer', (c) =>
        c.notNull().references('review_items.id').onDelete('cascade'),
      )
      .addColumn('expert', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('review_notes').ifExists().execute();
    await db.schema.dropTable('review_labels').ifExists().execute();
    await db.schema.dropTable('review_items').ifExists().execute();
    await db.schema.dropTable('teacher_runs').ifExists().execute();
    await db.schema.dropTable('teacher_responses').ifExists().execute();
  },
};
