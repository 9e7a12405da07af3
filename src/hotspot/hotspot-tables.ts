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

/** A persisted topic cluster; totals cover all its members. */
export interface HotspotClustersTable {
  id: Generated<number>;
  /** Key terms joined by spaces. */
  label: string;
  /** JSON array of the key terms. */
  terms: string;
  /** JSON array of [term, weight], the centroid's highest terms. */
  centroid: string;
  norm_squared: number;
  /** JSON array of {text, kind, count}: places named by members. */
  places: string;
  place: string | null;
  place_kind: string | null;
  place_share: number;
  first_at: string | null;
  last_at: string | null;
  count: number;
  distinct_callers: number;
  likes: number;
  dislikes: number;
  updated_at: string;
}

/** Membership of an appeal in a cluster, with what ranking needs. */
export interface HotspotClusterMembersTable {
  appeal_id: number;
  cluster_id: number;
  received_at: string | null;
  caller: string | null;
  likes: number;
  dislikes: number;
  created_at: string;
}

/** Document frequency of a term. The empty term counts the appeals. */
export interface HotspotTermFrequenciesTable {
  term: string;
  documents: number;
}

/** Tables owned by the hotspot module; use `db.withTables<HotspotTables>()`. */
// A type alias, not an interface: `withTables` needs an index signature.
export type HotspotTables = {
  appeal_signatures: AppealSignaturesTable;
  alerts: AlertsTable;
  hotspot_clusters: HotspotClustersTable;
  hotspot_cluster_members: HotspotClusterMembersTable;
  hotspot_term_frequencies: HotspotTermFrequenciesTable;
};
