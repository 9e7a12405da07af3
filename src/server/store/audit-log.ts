import type { Kysely } from 'kysely';
import type { ServerDatabase } from './workflow-tables.ts';

/** One audit entry; `details` carries ids and field names, never text. */
export interface AuditEntry {
  actor: string;
  action: string;
  /** What was changed, e.g. `appeal:12` or `user:alice`. */
  target: string;
  details?: Record<string, string | number | boolean | null>;
}

/** Appends an entry to the audit log, inside the caller's transaction. */
export async function writeAudit(
  db: Kysely<ServerDatabase>,
  entry: AuditEntry,
  at: Date,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      details: JSON.stringify(entry.details ?? {}),
      created_at: at.toISOString(),
    })
    .execute();
}
