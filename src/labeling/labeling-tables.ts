import type { Generated, Kysely } from 'kysely';
import type { Store } from '../store/database.ts';

/** Row types of the labelling tables (migration 0400-labeling). */
export interface TeacherResponsesTable {
  cache_key: string;
  model: string;
  prompt_hash: string;
  /** The endpoint's JSON reply, as text. */
  response: string;
  prompt_tokens: number;
  completion_tokens: number;
  created_at: string;
}

export interface TeacherRunsTable {
  id: Generated<number>;
  model: string;
  started_at: string;
  finished_at: string | null;
  requests: Generated<number>;
  cache_hits: Generated<number>;
  retries: Generated<number>;
  prompt_tokens: Generated<number>;
  completion_tokens: Generated<number>;
  cost: Generated<number>;
  status: string;
}

export interface ReviewItemsTable {
  id: Generated<number>;
  /** External id of the appeal, or a hash of its text. */
  appeal_key: string;
  text: string;
  suggested_label: string | null;
  uncertainty: number;
  batch: number;
  /** 1, or 2 for items in the double-review sample. */
  reviews_needed: number;
  /** pending, done or skipped. */
  status: Generated<string>;
  created_at: string;
}

export interface ReviewLabelsTable {
  item_id: number;
  expert: string;
  label: string;
  created_at: string;
}

export interface ReviewNotesTable {
  id: Generated<number>;
  item_id: number;
  expert: string;
  /** skip or comment. */
  kind: string;
  note: string | null;
  created_at: string;
}

/** The labelling tables. */
// A type alias, not an interface: `withTables` needs an index signature.
export type LabelingDatabase = {
  teacher_responses: TeacherResponsesTable;
  teacher_runs: TeacherRunsTable;
  review_items: ReviewItemsTable;
  review_labels: ReviewLabelsTable;
  review_notes: ReviewNotesTable;
};

/** Returns the store's Kysely handle typed for the labelling tables. */
export function labelingDb(store: Store): Kysely<LabelingDatabase> {
  // The core tables are not needed here, so the handle drops them.
  return store.db.withTables<LabelingDatabase>() as unknown as Kysely<LabelingDatabase>;
}
