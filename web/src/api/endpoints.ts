import { request } from './client.ts';
import type {
  Alert,
  AppealDetail,
  AppealList,
  CorrectionField,
  CreatedAppeal,
  Hotspot,
  ReviewQueue,
  Stats,
  TriagePreview,
  User,
} from './types.ts';

/** Filters of the work-order list; empty strings mean "any". */
export interface AppealFilters {
  from: string;
  to: string;
  category: string;
  department: string;
  division: string;
  status: string;
  appealType: string;
  q: string;
}

export function login(username: string, password: string) {
  return request<{ user: User }>('POST', '/api/auth/login', {
    body: { username, password },
  });
}

export function logout() {
  return request<unknown>('POST', '/api/auth/logout');
}

export function fetchCurrentUser() {
  return request<{ user: User }>('GET', '/api/auth/me');
}

export function previewTriage(
  input: { title: string; body: string },
  signal: AbortSignal,
) {
  return request<TriagePreview>('POST', '/api/triage/preview', {
    body: input,
    signal,
  });
}

export function createAppeal(input: { title: string; body: string }) {
  return request<CreatedAppeal>('POST', '/api/appeals', { body: input });
}

export function correctAppeal(
  id: number,
  field: CorrectionField,
  value: string,
) {
  return request<unknown>('POST', `/api/appeals/${id}/corrections`, {
    body: { field, value },
  });
}

export function listAppeals(
  filters: AppealFilters,
  cursor: string | null,
  limit = 50,
) {
  return request<AppealList>('GET', '/api/appeals', {
    query: { ...filters, cursor: cursor ?? undefined, limit },
  });
}

export function fetchAppeal(id: number) {
  return request<AppealDetail>('GET', `/api/appeals/${id}`);
}

export function dispatchAppeal(id: number, department: string) {
  return request<unknown>('POST', `/api/appeals/${id}/dispatch`, {
    body: { department },
  });
}

export function redispatchAppeal(
  id: number,
  department: string,
  reason: string,
) {
  return request<unknown>('POST', `/api/appeals/${id}/redispatch`, {
    body: { department, reason },
  });
}

export function replyToAppeal(id: number, text: string) {
  return request<unknown>('POST', `/api/appeals/${id}/reply`, {
    body: { text },
  });
}

export function closeAppeal(id: number) {
  return request<unknown>('POST', `/api/appeals/${id}/close`, { body: {} });
}

export function reopenAppeal(id: number, reason: string) {
  return request<unknown>('POST', `/api/appeals/${id}/reopen`, {
    body: { reason },
  });
}

export function fetchReviewQueue(cursor: string | null) {
  return request<ReviewQueue>('GET', '/api/review-queue', {
    query: { cursor: cursor ?? undefined },
  });
}

export function reviewAppeal(
  id: number,
  category: string,
  confirmed: boolean,
) {
  return request<unknown>('POST', `/api/appeals/${id}/review`, {
    body: { category, confirmed },
  });
}

export function fetchStats(from: string, to: string) {
  return request<Stats>('GET', '/api/stats', { query: { from, to } });
}

export function fetchHotspots() {
  return request<{ items: Hotspot[] }>('GET', '/api/hotspots');
}

export function fetchAlerts() {
  return request<{ items: Alert[] }>('GET', '/api/alerts');
}

export function acknowledgeAlert(id: number) {
  return request<unknown>('POST', `/api/alerts/${id}/ack`, { body: {} });
}

/** One appeal in the expert review queue. */
export interface ExpertReviewItem {
  id: number;
  key: string;
  text: string;
  suggestedLabel: string | null;
  uncertainty: number;
  reviewsNeeded: number;
  status: string;
}

/** Counts of the expert review queue and the experts' agreement. */
export interface ExpertReviewStats {
  items: number;
  pending: number;
  done: number;
  labels: number;
  skips: number;
  comments: number;
  perExpert: Record<string, number>;
  agreement: { items: number; observed: number; expected: number; kappa: number };
}

/** Fetches the next queued item for the signed-in expert, or null. */
export function fetchNextExpertItem() {
  return request<{ item: ExpertReviewItem | null }>('GET', '/api/expert-review/next');
}

/** Records the signed-in expert's label of a queued item. */
export function labelExpertItem(id: number, label: string) {
  return request<{ item: ExpertReviewItem }>(
    'POST',
    `/api/expert-review/items/${id}/label`,
    { body: { label } },
  );
}

/** Skips a queued item for the signed-in expert. */
export function skipExpertItem(id: number) {
  return request<unknown>('POST', `/api/expert-review/items/${id}/skip`, {
    body: {},
  });
}

/** Fetches the expert review queue's counts and kappa. */
export function fetchExpertReviewStats() {
  return request<ExpertReviewStats>('GET', '/api/expert-review/stats');
}
