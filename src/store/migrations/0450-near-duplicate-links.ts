import type { Kysely, Migration } from 'kysely';

/**
 * Near-duplicate links found while storing appeals: each row says that
 * `appeal_id` reports the same thing as the earlier `duplicate_of`, with
 * the exact Jaccard similarity of their 3-character shingle sets. Both
 * ends are dropped with their appeal.
 */
export const nearDuplicateLinksMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('near_duplicate_links')
      .addColumn('appeal_id', 'integer', (c) =>
        c.notNull().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('duplicate_of', 'integer', (c) =>
        c.notNull().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('similarity', 'double precision', (c) => c.notNull())
      .addColumn('run_id', 'integer', (c) => c.references('runs.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('near_duplicate_links_pair', [
        'appeal_id',
        'duplicate_of',
      ])
      .execute();
    await db.schema
      .createIndex('near_duplicate_links_duplicate_of')
      .on('near_duplicate_links')
      .column('duplicate_of')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('near_duplicate_links').ifExists().execute();
  },
};
