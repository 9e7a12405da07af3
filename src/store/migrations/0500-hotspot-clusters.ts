import type { Kysely, Migration } from 'kysely';

/**
 * Persisted topic clusters, so new appeals join existing clusters without
 * re-clustering the store. `hotspot_clusters` keeps each cluster's
 * summary (label, centroid terms, places, time span, totals);
 * `hotspot_cluster_members` maps each appeal to one cluster and is
 * dropped with the appeal; `hotspot_term_frequencies` keeps the document
 * frequencies that weight the terms (the empty term counts the appeals).
 */
export const hotspotClustersMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('hotspot_clusters')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('terms', 'text', (c) => c.notNull())
      .addColumn('centroid', 'text', (c) => c.notNull())
      .addColumn('norm_squared', 'double precision', (c) => c.notNull())
      .addColumn('places', 'text', (c) => c.notNull())
      .addColumn('place', 'text')
      .addColumn('place_kind', 'text')
      .addColumn('place_share', 'double precision', (c) => c.notNull())
      .addColumn('first_at', 'text')
      .addColumn('last_at', 'text')
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('distinct_callers', 'integer', (c) => c.notNull())
      .addColumn('likes', 'integer', (c) => c.notNull())
      .addColumn('dislikes', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('hotspot_clusters_last_at')
      .on('hotspot_clusters')
      .column('last_at')
      .execute();

    await db.schema
      .createTable('hotspot_cluster_members')
      .addColumn('appeal_id', 'integer', (c) =>
        c.primaryKey().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('cluster_id', 'integer', (c) =>
        c.notNull().references('hotspot_clusters.id').onDelete('cascade'),
      )
      .addColumn('received_at', 'text')
      .addColumn('caller', 'text')
      .addColumn('likes', 'integer', (c) => c.notNull())
      .addColumn('dislikes', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('hotspot_cluster_members_cluster')
      .on('hotspot_cluster_members')
      .columns(['cluster_id', 'received_at'])
      .execute();
    await db.schema
      .createIndex('hotspot_cluster_members_received')
      .on('hotspot_cluster_members')
      .column('received_at')
      .execute();

    await db.schema
      .createTable('hotspot_term_frequencies')
      .addColumn('term', 'text', (c) => c.primaryKey())
      .addColumn('documents', 'integer', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('hotspot_term_frequencies').ifExists().execute();
    await db.schema.dropTable('hotspot_cluster_members').ifExists().execute();
    await db.schema.dropTable('hotspot_clusters').ifExists().execute();
  },
};
