import type { Migration } from 'kysely';
import { coreMigration } from './0001-core.ts';
import { kbMigration } from './0100-kb.ts';
import { hotspotMigration } from './0200-hotspot.ts';
import { workflowMigration } from './0300-workflow.ts';
import { labelingMigration } from './0400-labeling.ts';
import { nearDuplicateLinksMigration } from './0450-near-duplicate-links.ts';
import { hotspotClustersMigration } from './0500-hotspot-clusters.ts';
import { runOwnerMigration } from './0600-run-owner.ts';

/**
 * Every schema migration, keyed by a name that sorts in the order they run.
 * A module that owns tables adds its own file here and one line below
 * (e.g. '0100-kb', '0200-hotspot').
 */
export const migrations: Record<string, Migration> = {
  '0001-core': coreMigration,
  '0100-kb': kbMigration,
  '0200-hotspot': hotspotMigration,
  '0300-workflow': workflowMigration,
  '0400-labeling': labelingMigration,
  '0450-near-duplicate-links': nearDuplicateLinksMigration,
  '0500-hotspot-clusters': hotspotClustersMigration,
  '0600-run-owner': runOwnerMigration,
};
