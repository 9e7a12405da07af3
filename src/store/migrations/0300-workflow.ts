import type { Kysely, Migration } from 'kysely';

/**
 * Workflow tables of the HTTP server: users, browser sessions, API
 * tokens, corrections of triage fields, work-order state and events,
 * review decisions and the audit log. Corrections and events are
 * append-only, so what the model said and every change stay on record;
 * `work_orders` holds the current department and the latest corrected
 * values so lists can filter on them in SQL.
 */
export const workflowMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('department', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) =>
        c.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('department', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('work_orders')
      .addColumn('appeal_id', 'integer', (c) =>
        c.primaryKey().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('department', 'text')
      .addColumn('category', 'text')
      .addColumn('appeal_type', 'text')
      .addColumn('location', 'text')
      .addColumn('corrected_department', 'text')
      .addColumn('reviewed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('work_orders_department')
      .on('work_orders')
      .column('department')
      .execute();

    await db.schema
      .createTable('appeal_corrections')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('appeal_id', 'integer', (c) =>
        c.notNull().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('old_value', 'text')
      .addColumn('new_value', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('appeal_corrections_appeal')
      .on('appeal_corrections')
      .column('appeal_id')
      .execute();

    await db.schema
      .createTable('work_order_events')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('appeal_id', 'integer', (c) =>
        c.notNull().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text', (c) => c.notNull())
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('department', 'text')
      .addColumn('text', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('work_order_events_appeal')
      .on('work_order_events')
      .column('appeal_id')
      .execute();

    await db.schema
      .createTable('review_decisions')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('appeal_id', 'integer', (c) =>
        c.notNull().references('appeals.id').onDelete('cascade'),
      )
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('confirmed', 'integer', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'audit_log',
      'review_decisions',
      'work_order_events',
      'appeal_corrections',
      'work_orders',
      'api_tokens',
      'sessions',
      'users',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
