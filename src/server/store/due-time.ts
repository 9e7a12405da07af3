import type { ServerConfig } from '../server-config.ts';

/** Due time of an order and whether it is overdue now. */
export interface DueTime {
  /** ISO 8601 UTC time by which the order should be closed. */
  dueAt: string | null;
  overdue: boolean;
}

/**
 * Parses a stored time: `received_at` is local China time without a zone,
 * `created_at` is UTC with `Z`.
 */
export function parseStoredTime(value: string | null): Date | null {
  if (value === null || value === '') return null;
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}+08:00`;
  const time = new Date(zoned);
  return Number.isNaN(time.getTime()) ? null : time;
}

/**
 * Computes the due time from the receipt time (or the creation time when
 * there is none) plus the category's time limit; only orders that are
 * not closed can be overdue.
 */
export function computeDueTime(
  input: {
    category: string | null;
    status: string;
    receivedAt: string | null;
    createdAt: string;
  },
  limits: ServerConfig['timeLimitHours'],
  now: Date,
): DueTime {
  const start = parseStoredTime(input.receivedAt) ?? parseStoredTime(input.createdAt);
  if (start === null) return { dueAt: null, overdue: false };
  const hours =
    (input.category === null ? undefined : limits.byCategory[input.category]) ??
    limits.default;
  const due = new Date(start.getTime() + hours * 3_600_000);
  return {
    dueAt: due.toISOString(),
    overdue: input.status !== 'closed' && now.getTime() > due.getTime(),
  };
}

/** Formats an instant as local China time without a zone, like received_at. */
export function toLocalIso(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000)
    .toISOString()
    .slice(0, 19);
}
