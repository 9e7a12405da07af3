import { InvalidArgumentError, NotFoundError } from '../errors/index.ts';
import type { Store } from '../store/database.ts';
import { assignUnclustered } from './assign-to-clusters.ts';
import type { AlertsTable, HotspotTables } from './hotspot-tables.ts';
import { readStoredAppeals } from './stored-appeals.ts';
import {
  dayNumber,
  dayString,
  defaultSurgeOptions,
  detectSurges,
  type SurgeAlert,
  type SurgeEvent,
} from './surge.ts';

/** A stored surge alert. */
export interface Alert {
  id: number;
  seriesKey: string;
  kind: string;
  category: string | null;
  division: string | null;
  clusterLabel: string | null;
  since: string;
  lastDay: string;
  observed: number;
  expected: number;
  ratio: number;
  zScore: number;
  pValue: number;
  exampleIds: number[];
  status: 'open' | 'acknowledged';
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}

/** Options of `scanAlerts`. */
export interface ScanAlertsOptions {
  /** Last day to evaluate; defaults to the newest appeal's day. */
  until?: string;
  /** Days evaluated up to `until`. */
  days?: number;
  falseAlarmsPerMonth?: number;
  clock?: () => Date;
}

/**
 * Runs surge detection per category × division and per topic cluster
 * over the stored appeals and stores new alerts. An alert already stored for the same series and
 * start day is updated (counts, last day) and keeps its status.
 * Returns the number of alerts written.
 */
export async function scanAlerts(
  store: Store,
  options: ScanAlertsOptions = {},
): Promise<number> {
  const days = options.days ?? 14;
  const clock = options.clock ?? (() => new Date());
  const newest = await store.db
    .selectFrom('appeals')
    .select((eb) => eb.fn.max('received_at').as('latest'))
    .executeTakeFirst();
  const latest = options.until ?? newest?.latest ?? null;
  if (latest === null) return 0;
  const to = dayNumber(latest);
  const from = to - days + 1;
  const start =
    from - defaultSurgeOptions.baselineDays - defaultSurgeOptions.windowDays;
  const appeals = await readStoredAppeals(store, {
    since: dayString(start),
    until: dayString(to + 1),
  });
  const names = new Map<string, { category: string; division: string }>();
  const events: SurgeEvent[] = [];
  for (const appeal of appeals) {
    const category = appeal.category ?? '未分类';
    const division = appeal.division ?? '未知区划';
    const seriesKey = `category:${category}|division:${division}`;
    names.set(seriesKey, { category, division });
    events.push({
      seriesKey,
      day: (appeal.receivedAt as string).slice(0, 10),
      appealId: appeal.id,
    });
  }
  const surgeOptions = {
    ...defaultSurgeOptions,
    falseAlarmsPerMonth:
      options.falseAlarmsPerMonth ?? defaultSurgeOptions.falseAlarmsPerMonth,
    from: dayString(from),
    to: dayString(to),
  };
  const db = store.db.withTables<HotspotTables>();
  const now = clock().toISOString();
  const rows: AlertRow[] = detectSurges(events, surgeOptions).map((surge) => {
    const name = names.get(surge.seriesKey);
    return alertRow(surge, 'category_division', now, {
      category: name?.category ?? null,
      division: name?.division ?? null,
      cluster_label: null,
    });
  });

  // Cluster series have their own false-alarm budget, because thousands
  // of small clusters would otherwise make the category tests far
  // stricter. Only clusters that reach the minimum count share it.
  const window = { since: dayString(start), until: dayString(to + 1) };
  await assignUnclustered(store, window);
  const clusterSurges = detectSurges(await clusterEvents(store, window), {
    ...surgeOptions,
    countTestableSeriesOnly: true,
  });
  const clusterIds = clusterSurges.map((surge) =>
    Number(surge.seriesKey.slice(clusterPrefix.length)),
  );
  const clusters = new Map<number, { label: string; place: string | null }>();
  for (let index = 0; index < clusterIds.length; index += 500) {
    const found = await db
      .selectFrom('hotspot_clusters')
      .select(['id', 'label', 'place'])
      .where('id', 'in', clusterIds.slice(index, index + 500))
      .execute();
    for (const row of found) clusters.set(row.id, row);
  }
  const categories = new Map(
    appeals.map((appeal) => [appeal.id, appeal.category]),
  );
  for (const [index, surge] of clusterSurges.entries()) {
    const cluster = clusters.get(clusterIds[index] as number);
    const example = surge.exampleIds[0];
    rows.push(
      alertRow(surge, 'cluster', now, {
        category:
          example === undefined ? null : (categories.get(example) ?? null),
        division: cluster?.place ?? null,
        cluster_label: cluster?.label ?? null,
      }),
    );
  }

  for (const values of rows) {
    await db
      .insertInto('alerts')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['series_key', 'since']).doUpdateSet({
          last_day: values.last_day,
          observed: values.observed,
          expected: values.expected,
          ratio: values.ratio,
          z_score: values.z_score,
          p_value: values.p_value,
          example_ids: values.example_ids,
        }),
      )
      .execute();
  }
  return rows.length;
}

/** Series key prefix of cluster series, followed by the cluster id. */
const clusterPrefix = 'cluster:';

type AlertRow = Omit<
  AlertsTable,
  'id' | 'acknowledged_by' | 'acknowledged_at'
>;

function alertRow(
  surge: SurgeAlert,
  kind: string,
  now: string,
  what: Pick<AlertRow, 'category' | 'division' | 'cluster_label'>,
): AlertRow {
  return {
    series_key: surge.seriesKey,
    kind,
    ...what,
    since: surge.since,
    last_day: surge.lastDay,
    observed: surge.observed,
    expected: surge.expected,
    ratio: surge.ratio,
    z_score: surge.zScore,
    p_value: surge.pValue,
    example_ids: JSON.stringify(surge.exampleIds),
    status: 'open',
    created_at: now,
  };
}

/**
 * Returns one event per cluster, day and caller for the clustered appeals
 * in the window, so one person resubmitting a complaint is not a surge.
 */
async function clusterEvents(
  store: Store,
  window: { since: string; until: string },
): Promise<SurgeEvent[]> {
  const members = await store.db
    .withTables<HotspotTables>()
    .selectFrom('hotspot_cluster_members')
    .select(['appeal_id', 'cluster_id', 'received_at', 'caller'])
    .where('received_at', '>=', window.since)
    .where('received_at', '<', window.until)
    .orderBy('received_at')
    .orderBy('appeal_id')
    .execute();
  const seen = new Set<string>();
  const events: SurgeEvent[] = [];
  for (const member of members) {
    const day = (member.received_at as string).slice(0, 10);
    const caller =
      member.caller === null || member.caller === ''
        ? `appeal:${member.appeal_id}`
        : member.caller;
    const key = `${member.cluster_id}|${day}|${caller}`;
    if (seen.has(key)) continue;
    seen.add(key);
    events.push({
      seriesKey: `${clusterPrefix}${member.cluster_id}`,
      day,
      appealId: member.appeal_id,
    });
  }
  return events;
}


/** Options of `listAlerts`. */
export interface ListAlertsOptions {
  status?: 'open' | 'acknowledged';
  limit?: number;
}

/** Lists stored alerts, newest start day first. */
export async function listAlerts(
  store: Store,
  options: ListAlertsOptions = {},
): Promise<Alert[]> {
  const db = store.db.withTables<HotspotTables>();
  let query = db.selectFrom('alerts').selectAll();
  if (options.status !== undefined) {
    query = query.where('status', '=', options.status);
  }
  const rows = await query
    .orderBy('since', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    seriesKey: row.series_key,
    kind: row.kind,
    category: row.category,
    division: row.division,
    clusterLabel: row.cluster_label,
    since: row.since,
    lastDay: row.last_day,
    observed: row.observed,
    expected: row.expected,
    ratio: row.ratio,
    zScore: row.z_score,
    pValue: row.p_value,
    exampleIds: JSON.parse(row.example_ids) as number[],
    status: row.status === 'acknowledged' ? 'acknowledged' : 'open',
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
  }));
}

/**
 * Marks an alert as acknowledged by a person, now.
 *
 * @throws InvalidArgumentError for an empty name.
 * @throws NotFoundError when no alert has the id.
 */
export async function acknowledgeAlert(
  store: Store,
  id: number,
  by: string,
  clock: () => Date = () => new Date(),
): Promise<void> {
  if (by.trim() === '') {
    throw new InvalidArgumentError({
      parameter: '--by',
      value: by,
      message:
        'acknowledging an alert needs the name of the person: pass ' +
        '--by NAME.',
    });
  }
  const db = store.db.withTables<HotspotTables>();
  const result = await db
    .updateTable('alerts')
    .set({
      status: 'acknowledged',
      acknowledged_by: by.trim(),
      acknowledged_at: clock().toISOString(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new NotFoundError({
      resource: 'alert',
      id: String(id),
      message:
        `alert ${id} not found. Run \`hotline alerts\` to list alert ids.`,
    });
  }
}
