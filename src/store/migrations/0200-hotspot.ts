import type { Kysely, Migration } from 'kysely';

/**
 * Hotspot tables: stored MinHash signatures (one per appeal, dropped with
 * the appeal) and surge alerts with their acknowledgement. An alert is
 * unique per series and start day, so re-running detection updates the
 * alert instead of repeating it.
 */
export const hotspotMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('appeal_signatures')
      .addColumn('appeal_id', 'integer', (c) =>
        c.primaryKey().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('scheme', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('series_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('category', 'text')
      .addColumn('division', 'text')
      .addColumn('cluster_label', 'text')
      .addColumn('since', 'text', (c) => c.notNull())
      .addColumn('last_day', 'text', (c) => c.notNull())
      .addColumn('observed', 'double precision', (c) => c.notNull())
      .addColumn('expected', 'double precision', (c) => c.notNull())
      .addColumn('ratio', 'double precision', (c) => c.notNull())
      .addColumn('z_score', 'double precision', (c) => c.notNull())
      .addColumn('p_value', 'double precision', (c) => c.notNull())
      .addColumn('example_ids', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('acknowledged_by', 'text')
      .addColumn('acknowledged_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('alerts_series_since')
      .on('alerts')
      .columns(['series_key', 'since'])
      .unique()
      .execute();
    await db.schema
      .createIndex('alerts_status')
      .on('alerts')
      .column('status')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('alerts').ifExists().execute();
    await db.schema.dropTable('appeal_signatures').ifExists().execute();
  },
};
