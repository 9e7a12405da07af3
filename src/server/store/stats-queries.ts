import { sql, type Kysely } from 'kysely';
import type { ServerConfig } from '../server-config.ts';
import { endBound, firstLocation } from './appeal-queries.ts';
import { computeDueTime } from './due-time.ts';
import type { ServerDatabase } from './workflow-tables.ts';

/** A name and a count. */
export interface NameCount {
  name: string;
  count: number;
}

/** The dashboard figures of `GET /api/stats`. */
export interface DashboardStats {
  volumeByDay: { day: string; count: number }[];
  categories: NameCount[];
  departments: { name: string; open: number; overdue: number }[];
  topLocations: NameCount[];
  /** Share of triaged appeals below the review threshold, 0 to 1. */
  lowConfidenceShare: number;
  appealTypes: NameCount[];
  total: number;
}

const topLocationCount = 10;

/**
 * Computes the dashboard over appeals received in [from, to] (both
 * optional, `to` inclusive). Categories, types and departments use the
 * corrected values where there are corrections.
 *
 * NOTE: departments and locations are counted in memory over the appeals
 * of the window. That suits tens of thousands of appeals, but a larger
 * store needs a narrower window or a summary table.
 */
export async function queryDashboardStats(
  db: Kysely<ServerDatabase>,
  window: { from?: string | undefined; to?: string | undefined },
  config: ServerConfig,
  now: Date,
): Promise<DashboardStats> {
  let query = db
    .selectFrom('appeals as a')
    .leftJoin('triage_results as t', 't.appeal_id', 'a.id')
    .leftJoin('work_orders as w', 'w.appeal_id', 'a.id')
    .select([
      'a.received_at as receivedAt',
      'a.created_at as createdAt',
      'a.status as status',
      't.confidence as confidence',
      't.elements as elements',
      'w.location as correctedLocation',
      sql<string | null>`coalesce(w.category, t.category)`.as('category'),
      sql<string | null>`coalesce(w.appeal_type, t.appeal_type)`.as('appealType'),
      sql<string | null>`coalesce(w.department, w.corrected_department, t.department)`.as(
        'department',
      ),
    ]);
  if (window.from !== undefined) {
    query = query.where('a.received_at', '>=', window.from);
  }
  if (window.to !== undefined) {
    query = query.where('a.received_at', '<=', endBound(window.to));
  }
  const days = new Map<string, number>();
  const categories = new Map<string, number>();
  const appealTypes = new Map<string, number>();
  const locations = new Map<string, number>();
  const departments = new Map<string, { open: number; overdue: number }>();
  let total = 0;
  let triaged = 0;
  let lowConfidence = 0;
  for await (const row of query.stream(1000)) {
    total += 1;
    const day = row.receivedAt?.slice(0, 10);
    if (day !== undefined) increment(days, day);
    if (row.category !== null) increment(categories, row.category);
    if (row.appealType !== null) increment(appealTypes, row.appealType);
    const location = row.correctedLocation ?? firstLocation(row.elements);
    if (location !== null) increment(locations, location);
    if (row.confidence !== null) {
      triaged += 1;
      if (Number(row.confidence) < config.reviewThreshold) lowConfidence += 1;
    }
    if (row.status !== 'closed' && row.department !== null) {
      const counts = departments.get(row.department) ?? { open: 0, overdue: 0 };
      counts.open += 1;
      const due = computeDueTime(row, config.timeLimitHours, now);
      if (due.overdue) counts.overdue += 1;
      departments.set(row.department, counts);
    }
  }
  return {
    volumeByDay: [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, count]) => ({ day, count })),
    categories: ranked(categories),
    departments: [...departments.entries()]
      .map(([name, counts]) => ({ name, ...counts }))
      .sort((a, b) => b.open - a.open || a.name.localeCompare(b.name)),
    topLocations: ranked(locations).slice(0, topLocationCount),
    lowConfidenceShare: triaged === 0 ? 0 : lowConfidence / triaged,
    appealTypes: ranked(appealTypes),
    total,
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function ranked(counts: Map<string, number>): NameCount[] {
  return [...counts.entries()]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
