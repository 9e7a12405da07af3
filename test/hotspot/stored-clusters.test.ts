import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAlerts, scanAlerts } from '../../src/hotspot/alerts.ts';
import { assignToClusters } from '../../src/hotspot/assign-to-clusters.ts';
import type { HotspotTables } from '../../src/hotspot/hotspot-tables.ts';
import { listHotspots } from '../../src/hotspot/list-hotspots.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { readTeddy } from './teddy-data.ts';

// Real reports of two problems plus unrelated messages.
const all = readTeddy('att3').filter(
  (m): m is typeof m & { time: string } => m.time !== null,
);
const mixing = all
  .filter((m) => /丽发/.test(m.title) && /搅拌/.test(m.title + m.body))
  .slice(0, 12);
const parking = all.filter((m) => /伊景园/.test(m.title)).slice(0, 10);
const others = all
  .filter((m) => !/丽发|伊景园|滨河苑/.test(m.title + m.body))
  .slice(0, 60);

let directory: string;
let file: string;
let store: Store;
let row = 0;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-stored-clusters-'));
  file = path.join(directory, 'test.db');
  store = await openStore(file);
});

afterEach(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

async function insert(message: {
  title: string;
  body: string;
  time: string;
  user: string | null;
}): Promise<number> {
  row += 1;
  const inserted = await store.db
    .insertInto('appeals')
    .values({
      content_hash: `hash-${row}`,
      external_id: null,
      title: message.title,
      body: message.body,
      received_at: message.time,
      caller: message.user,
      recorded_category: null,
      extra: '{}',
      mask_spans: '[]',
      warnings: '[]',
      source_kind: 'file',
      source_name: 'test',
      source_row: row,
      run_id: null,
      created_at: '2020-01-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

async function clusterOf(appealId: number): Promise<number | undefined> {
  const member = await store.db
    .withTables<HotspotTables>()
    .selectFrom('hotspot_cluster_members')
    .select('cluster_id')
    .where('appeal_id', '=', appealId)
    .executeTakeFirst();
  return member?.cluster_id;
}

describe('stored clusters', () => {
  it('survive a reopen and take a new appeal', async () => {
    const ids: number[] = [];
    for (const message of [...mixing.slice(0, -1), ...others]) {
      ids.push(await insert(message));
    }
    const first = await assignToClusters(store, ids);
    expect(first.assigned).toBe(ids.length);
    // The cluster that contains most mixing-station reports.
    const counts = new Map<number | undefined, number>();
    for (const id of ids.slice(0, mixing.length - 1)) {
      const cluster = await clusterOf(id);
      counts.set(cluster, (counts.get(cluster) ?? 0) + 1);
    }
    const [mixingCluster, size] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(mixingCluster).toBeDefined();
    expect(size).toBeGreaterThan(3);

    await store.close();
    store = await openStore(file);
    const last = mixing[mixing.length - 1]!;
    const late = await insert({ ...last, time: '2020-02-01 09:00:00' });
    const second = await assignToClusters(store, [late, ...ids]);
    expect(second.assigned).toBe(1);
    expect(second.created).toBe(0);
    expect(await clusterOf(late)).toBe(mixingCluster);

    const stored = await store.db
      .withTables<HotspotTables>()
      .selectFrom('hotspot_clusters')
      .select(['count', 'last_at'])
      .where('id', '=', mixingCluster as number)
      .executeTakeFirstOrThrow();
    expect(stored.last_at).toBe('2020-02-01 09:00:00');
    expect(stored.count).toBeGreaterThan(2);
  });

  it('lists hotspots from stored clusters', async () => {
    for (const message of [...mixing, ...parking, ...others]) {
      await insert(message);
    }
    const hotspots = await listHotspots(store, { top: 2 });
    const labels = hotspots.map((hotspot) => hotspot.cluster.label).join(' ');
    expect(labels).toMatch(/搅拌/);
    expect(labels).toMatch(/车位|捆绑|滨河/);
    expect(hotspots[0]?.appeals.length).toBe(hotspots[0]?.cluster.count);
  });

  it('limits hotspots to the window', async () => {
    for (const message of [...mixing, ...parking, ...others]) {
      await insert(message);
    }
    const hotspots = await listHotspots(store, {
      since: '2019-10-01',
      top: 5,
    });
    for (const hotspot of hotspots) {
      expect(hotspot.cluster.firstAt! >= '2019-10-01').toBe(true);
    }
    expect(hotspots.map((hotspot) => hotspot.cluster.label).join(' ')).not
      .toMatch(/捆绑/);
  });
});

describe('cluster surge alerts', () => {
  /** Stores 60 quiet days of unrelated appeals, then `reports` about one
   *  problem on two days, by `callers` distinct callers. */
  async function surge(callers: number): Promise<number[]> {
    const start = Date.parse('2019-10-01T09:00:00Z');
    for (const [index, message] of others.entries()) {
      const time = new Date(start + index * 86_400_000).toISOString();
      await insert({ ...message, time: time.slice(0, 19).replace('T', ' ') });
    }
    const ids: number[] = [];
    for (const [index, message] of mixing.slice(0, 8).entries()) {
      const day = index < 4 ? '2019-12-01' : '2019-12-02';
      ids.push(
        await insert({
          ...message,
          time: `${day} 1${index}:00:00`,
          user: `caller-${index % callers}`,
        }),
      );
    }
    return ids;
  }

  const clock = () => new Date('2019-12-03T00:00:00Z');

  it('raises an alert for a sudden problem', async () => {
    const ids = await surge(8);
    await scanAlerts(store, { clock });
    const alerts = (await listAlerts(store)).filter(
      (alert) => alert.kind === 'cluster',
    );
    expect(alerts.length).toBeGreaterThan(0);
    const [alert] = alerts;
    expect(alert?.clusterLabel).toMatch(/搅拌|丽发/);
    expect((alert?.since ?? '') >= '2019-11-29').toBe(true);
    expect(alert?.ratio).toBeGreaterThan(10);
    expect(alert?.exampleIds.every((id) => ids.includes(id))).toBe(true);
  });

  it('ignores one caller repeating', async () => {
    await surge(1);
    await scanAlerts(store, { clock });
    const alerts = (await listAlerts(store)).filter(
      (alert) => alert.kind === 'cluster',
    );
    expect(alerts).toEqual([]);
  });
});
