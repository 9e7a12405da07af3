import type { Generated } from 'kysely';
import type { CoreDatabase } from '../../store/schema.ts';

/** A person who signs in to the browser app. */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
  password_hash: string;
  role: string;
  department: string | null;
  created_at: string;
}

/** A browser session; only the sha256 of the session id is stored. */
export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

/** A token another system sends as `Authorization: Bearer`. */
export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  /** sha256 hex of the token; the token itself is shown once. */
  token_hash: string;
  role: string;
  department: string | null;
  created_by: string;
  created_at: string;
}

/** Current work-order state next to `appeals.status`. */
export interface WorkOrdersTable {
  appeal_id: number;
  /** Department the order is dispatched to now, or null. */
  department: string | null;
  /** Latest corrected values; null where the model output was not corrected. */
  category: string | null;
  appeal_type: string | null;
  location: string | null;
  corrected_department: string | null;
  /** 1 once a reviewer confirmed or corrected the category. */
  reviewed: Generated<number>;
  updated_at: string;
}

/** One correction of a triage field; never updated or deleted. */
export interface AppealCorrectionsTable {
  id: Generated<number>;
  appeal_id: number;
  field: string;
  old_value: string | null;
  new_value: string;
  note: string | null;
  actor: string;
  created_at: string;
}

/** One work-order transition (dispatch, reply, close, ...). */
export interface WorkOrderEventsTable {
  id: Generated<number>;
  appeal_id: number;
  action: string;
  from_status: string;
  to_status: string;
  department: string | null;
  /** Reply text or reason, masked before it is stored. */
  text: string | null;
  actor: string;
  created_at: string;
}

/** A reviewer's decision on a low-confidence category. */
export interface ReviewDecisionsTable {
  id: Generated<number>;
  appeal_id: number;
  category: string;
  confirmed: number;
  actor: string;
  created_at: string;
}

/** One change made through the server; details never hold appeal text. */
export interface AuditLogTable {
  id: Generated<number>;
  actor: string;
  action: string;
  target: string;
  /** JSON object of ids and field names. */
  details: string;
  created_at: string;
}

/** The workflow tables, for `db.withTables<WorkflowTables>()`. */
export type WorkflowTables = {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  work_orders: WorkOrdersTable;
  appeal_corrections: AppealCorrectionsTable;
  work_order_events: WorkOrderEventsTable;
  review_decisions: ReviewDecisionsTable;
  audit_log: AuditLogTable;
};

/** Core and workflow tables together. */
export type ServerDatabase = CoreDatabase & WorkflowTables;
