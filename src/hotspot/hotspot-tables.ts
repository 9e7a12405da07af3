import type { Generated } from 'kysely';

/** A stored MinHash signature, so a restart need not re-shingle texts. */
export interface AppealSignaturesTable {
  appeal_id: number;
  /** MinHasher scheme id; rows of another scheme are recomputed. */
  scheme: string;
  /** Little-endian uint32 values, base64 (text keeps it portable). */
  signature: string;
  created_at: string;
}

/** A surge alert and its acknowledgement. */
export interface AlertsTable {
  id: Generated<number>;
  /** Series the alert is about, e.g. `category:城乡建设|division:A3区`. */
  series_key: string;
  /** `category_division` or `cluster`. */
  kind: string;
  category: string | null;
  division: string | null;
  /** Key terms of the cluster, for cluster alerts. */
  cluster_label: string | null;
  /** First day (YYYY-MM-DD) of the abnormal run. */
  since: string;
  /** Last day evaluated when the alert was raised or updated. */
  last_day: string;
  observed: number;
  expected: number;
  ratio: number;
  z_score: number;
  p_value: number;
  /** JSON array of example appeal ids, newest first. */
  example_ids: string;
  /** `open` or `acknowledged`. */
  status: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  created_at: string;
}

/** Tables owned by the hotspot module; use `db.withTables<HotspotTables>()`. */
// A type alias, not an interface: `withTables` needs an index signature.
export type HotspotTables = {
  appeal_signatures: AppealSignaturesTable;
  alerts: AlertsTable;
};
