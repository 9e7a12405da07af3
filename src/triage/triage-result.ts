import type { AppealType } from '../appeal/appeal.ts';

/** Administrative level of a division or a dispatch target. */
export type DivisionLevel =
  | 'province'
  | 'city'
  | 'county'
  | 'town'
  | 'community';

/** A division found in the text, resolved to its code where possible. */
export interface DivisionMatch {
  /** National statistical code (2, 4, 6 or 9 digits), or null for forms
   *  such as A市 or A3区 that the sample data anonymised. */
  code: string | null;
  /** Names from the province down, e.g. ['湖南省', '长沙市', '岳麓区']. */
  path: string[];
  level: DivisionLevel;
  /** Town or street (乡镇/街道) named under the division; its code is null
   *  when the division itself is anonymised (A3区洋湖街道). */
  town?: TownMatch;
}

/** A township-level division (乡, 镇 or 街道) found under a county. */
export interface TownMatch {
  /** Nine-digit statistical code, or null when not resolvable. */
  code: string | null;
  name: string;
}

/** A span of the text and what it was recognised as. */
export interface TextSpan {
  text: string;
  start: number;
  end: number;
  /** Field the offsets refer to when an appeal has a title and a body. */
  field?: 'title' | 'body';
}

export interface LocationElement extends TextSpan {
  /** division, road, community, estate, building, landmark. */
  kind: string;
}

export interface TimeElement extends TextSpan {
  /** Resolved start, ISO 8601 local time; null when it cannot be resolved. */
  from: string | null;
  /** Resolved end (exclusive) for ranges and whole days or weeks. */
  to: string | null;
  relative: boolean;
}

/** Elements of an appeal (工单要素). */
export interface Elements {
  locations: LocationElement[];
  division: DivisionMatch | null;
  times: TimeElement[];
  appealType: AppealType;
  appealTypeReason: string;
}

export interface CategoryScore {
  label: string;
  probability: number;
}

export interface DispatchDecision {
  department: string;
  level: DivisionLevel;
  /** Why: which rule or model score decided, in plain words. */
  reasons: string[];
  /** The concrete office at `level` when the location names one, e.g.
   *  岳麓区城市管理综合执法局 or 洋湖街道办事处. */
  office?: string;
}

/** What triage returns for one appeal. */
export interface TriageResult {
  category: string;
  /** Calibrated probability of `category`. */
  confidence: number;
  /** Top categories with probabilities, best first. */
  scores: CategoryScore[];
  elements: Elements;
  departments: DispatchDecision[];
  summary: string;
  modelVersion: string;
}
