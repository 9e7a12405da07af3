import type { Generated } from 'kysely';

/** Row types of the core tables, as stored (JSON columns are text). */
export interface RunsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  command: string;
  inputs: string;
  model_version: string | null;
  rows_read: Generated<number>;
  stored: Generated<number>;
  duplicates: Generated<number>;
  rejected: Generated<number>;
  status: string;
  /** Host and process id of the process that started the run. */
  host: string | null;
  pid: number | null;
}

export interface AppealsTable {
  id: Generated<number>;
  content_hash: string;
  external_id: string | null;
  title: string;
  body: string;
  received_at: string | null;
  caller: string | null;
  recorded_category: string | null;
  extra: string;
  mask_spans: string;
  warnings: string;
  source_kind: string;
  source_name: string;
  source_row: number;
  run_id: number | null;
  status: Generated<string>;
  created_at: string;
}

export interface TriageResultsTable {
  appeal_id: number;
  category: string;
  confidence: number;
  scores: string;
  appeal_type: string;
  division_code: string | null;
  division_path: string | null;
  elements: string;
  departments: string;
  /** Name of the first dispatch department, or null when there is none. */
  department: string | null;
  summary: string;
  model_version: string;
  created_at: string;
}

export interface ModelVersionsTable {
  version: string;
  format: string;
  sha256: string;
  labels: string;
  metrics: string;
  created_at: string;
}

export interface RejectsTable {
  id: Generated<number>;
  run_id: number | null;
  file: string;
  row: number;
  reason: string;
  /** Machine code of the reason (e.g. `empty_record`), or null. */
  code: string | null;
  created_at: string;
}

export interface IngestProgressTable {
  file_key: string;
  file: string;
  rows_done: number;
  complete: number;
  updated_at: string;
}

/**
 * The core schema. Modules with their own tables type them separately and
 * reach them with `db.withTables<TheirTables>()`.
 */
export interface CoreDatabase {
  runs: RunsTable;
  appeals: AppealsTable;
  triage_results: TriageResultsTable;
  model_versions: ModelVersionsTable;
  rejects: RejectsTable;
  ingest_progress: IngestProgressTable;
}
