// Shapes of the `hotline serve` JSON API as the browser app reads them.
// They mirror src/triage/triage-result.ts and the server's responses but
// are written out here so the browser bundle imports nothing from the
// server sources.

export type Role = 'admin' | 'agent' | 'analyst' | 'department';

export interface User {
  username: string;
  role: Role;
  department: string | null;
}

export const appealTypes = [
  'complaint',
  'consultation',
  'help',
  'suggestion',
  'report',
  'praise',
] as const;

export type AppealType = (typeof appealTypes)[number];

export interface CategoryScore {
  label: string;
  probability: number;
}

export interface LocationElement {
  text: string;
  start: number;
  end: number;
  kind: string;
  field?: 'title' | 'body';
}

export interface DivisionMatch {
  code: string | null;
  path: string[];
  level: string;
  town?: { code: string | null; name: string };
}

export interface TimeElement {
  text: string;
  from: string | null;
  to: string | null;
}

export interface DispatchDecision {
  department: string;
  level: string;
  reasons: string[];
  office?: string;
}

export interface TriageResult {
  category: string;
  confidence: number;
  scores: CategoryScore[];
  elements: {
    locations: LocationElement[];
    division: DivisionMatch | null;
    times: TimeElement[];
    appealType: AppealType;
    appealTypeReason: string;
  };
  departments: DispatchDecision[];
  summary: string;
  modelVersion: string;
}

/** An earlier appeal with similar text (see src/hotspot/near-duplicates.ts). */
export interface NearDuplicate {
  appealId: number;
  /** Jaccard similarity of the 3-character shingle sets, 0 to 1. */
  similarity: number;
  title: string;
  receivedAt: string | null;
  category: string | null;
}

export interface Citation {
  marker: string;
  documentTitle: string;
  article: string | null;
  supportScore: number;
  text: string;
}

export interface Consultation {
  status: 'answered' | 'handed_over' | 'not_covered';
  answer: string;
  citations: Citation[];
  reasons: string[];
}

export interface TriagePreview {
  triage: TriageResult;
  nearDuplicates: NearDuplicate[];
  consultation?: Consultation | null;
}

export interface Appeal {
  id: number;
  title: string;
  body: string;
  receivedAt: string | null;
  status: string;
  caller?: string | null;
}

/** One row of the work-order list; values are the corrected ones. */
export interface AppealListItem {
  id: number;
  externalId: string | null;
  title: string;
  receivedAt: string | null;
  createdAt: string;
  status: string;
  category: string | null;
  modelCategory: string | null;
  confidence: number | null;
  appealType: string | null;
  department: string | null;
  assignedDepartment: string | null;
  divisionPath: string[];
  location: string | null;
  summary: string | null;
  dueAt: string | null;
  overdue: boolean;
}

export interface AppealList {
  items: AppealListItem[];
  nextCursor: string | null;
}

export const correctionFields = [
  'category',
  'appealType',
  'location',
  'department',
] as const;

export type CorrectionField = (typeof correctionFields)[number];

/** One correction of a triage field, oldest first in a detail. */
export interface Correction {
  id: number;
  field: CorrectionField;
  oldValue: string | null;
  newValue: string;
  note: string | null;
  actor: string;
  createdAt: string;
}

/** One work-order transition: dispatch, redispatch, close, reopen... */
export interface AppealEvent {
  id: number;
  action: string;
  fromStatus: string;
  toStatus: string;
  department: string | null;
  /** Reason of a redispatch or reopen, or the reply text. */
  text: string | null;
  actor: string;
  createdAt: string;
}

export interface AppealDetail {
  appeal: AppealListItem & { body: string; caller: string | null };
  /** What the model said, unchanged by corrections; null if untriaged. */
  triage: TriageResult | null;
  corrections: Correction[];
  events: AppealEvent[];
  /** The events whose action is `reply`. */
  replies: AppealEvent[];
  overdue: boolean;
  dueAt: string | null;
}

export interface CreatedAppeal {
  appeal: Appeal;
  triage: TriageResult;
  nearDuplicates: NearDuplicate[];
}

/** A page of appeals below the confidence threshold, unreviewed. */
export interface ReviewQueue extends AppealList {
  threshold: number;
}

export interface Stats {
  volumeByDay: { day: string; count: number }[];
  categories: { name: string; count: number }[];
  departments: { name: string; open: number; overdue: number }[];
  topLocations: { name: string; count: number }[];
  lowConfidenceShare: number;
  appealTypes: { name: string; count: number }[];
}

/** A ranked topic cluster of recent appeals. */
export interface Hotspot {
  rank: number;
  score: number;
  /** Key terms of the cluster joined. */
  label: string;
  terms: string[];
  /** Most often named place, or null. */
  place: string | null;
  count: number;
  distinctCallers: number;
  firstAt: string | null;
  lastAt: string | null;
  appealIds: number[];
  examples: { id: number; title: string }[];
}

export interface Alert {
  id: number;
  category: string | null;
  division: string | null;
  clusterLabel: string | null;
  since: string;
  lastDay: string;
  observed: number;
  expected: number;
  ratio: number;
  status: 'open' | 'acknowledged';
  acknowledgedBy: string | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string; path?: string };
}
