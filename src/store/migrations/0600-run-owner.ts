import type { Kysely, Migration } from 'kysely';

/**
 * Records which process owns a run (host name and process id), so a later
 * run can tell a run whose process died from one still going and mark the
 * dead one `interrupted`. Runs stored before this migration have no owner.
 */
export const runOwnerMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('runs').addColumn('host', 'text').execute();
    await db.schema.alterTable('runs').addColumn('pid', 'integer').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('runs').dropColumn('pid').execute();
    await db.schema.alterTable('runs').dropColumn('host').execute();
  },
};
