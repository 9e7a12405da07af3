import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSurges, dayNumber, dayString, type SurgeEvent } from '../../src/hotspot/surge.ts';
import { upperTail } from '../../src/hotspot/count-tail.ts';
import { acknowledgeAlert, listAlerts, scanAlerts } from '../../src/hotspot/alerts.ts';
import { createSeededRandom } from '../../src/hotspot/seeded-random.ts';
import { openStore } from '../../src/store/database.ts';
import { readTeddy } from './teddy-data.ts';

// Background: the real days of 2019 messages, split over 8 series.
const background: SurgeEvent[] = readTeddy('att3')
  .filter((m) => m.time !== null && m.time.startsWith('2019'))
  .map((m, index) => ({ seriesKey: `s${index % 8}`, day: (m.time as string).slice(0, 10), appealId: index }));

const options = {
  falseAlarmsPerMonth: 1,
  baselineDays: 56,
  windowDays: 3,
  minimumObserved: 3,
  from: '2019-04-01',
  to: '2019-10-31',
};

describe('detectSurges', () => {
  it('counts only testable series when asked', () => {
    // 20,000 one-appeal series (like singleton clusters) and one new
    // series with three appeals on one day.
    const events: SurgeEvent[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      const day = dayString(dayNumber('2019-06-01') + (index % 30));
      events.push({ seriesKey: `tiny${index}`, day, appealId: index });
    }
    for (let k = 0; k < 3; k += 1) {
      events.push({ seriesKey: 'new', day: '2019-06-20', appealId: 1e6 + k });
    }
    const window = { ...options, from: '2019-06-01', to: '2019-06-30' };
    const strict = detectSurges(events, window);
    expect(strict.filter((alert) => alert.seriesKey === 'new')).toEqual([]);
    const tested = detectSurges(events, {
      ...window,
      countTestableSeriesOnly: true,
    });
    expect(tested.map((alert) => alert.seriesKey)).toEqual(['new']);
  });

  it('finds an injected surge near its start', () => {
    const injected: SurgeEvent[] = [];
    const start = dayNumber('2019-06-10');
    for (let day = start; day < start + 7; day += 1) {
      for (let k = 0; k < 4; k += 1) {
        injected.push({ seriesKey: 's3', day: dayString(day), appealId: 1e6 + day * 10 + k });
      }
    }
    const alerts = detectSurges([...background, ...injected], options);
    const hit = alerts.find((alert) => alert.seriesKey === 's3' && alert.lastDay >= '2019-06-10' && alert.since <= '2019-06-16');
    expect(hit).toBeDefined();
    expect(dayNumber(hit!.lastDay) - start).toBeGreaterThanOrEqual(0);
    expect(hit!.ratio).toBeGreaterThan(2);
    expect(hit!.exampleIds.length).toBeGreaterThan(0);
  });

  it('raises few alarms on background only', () => {
    const alerts = detectSurges(background, options);
    // Seven months at a target of one false alarm per month; allow slack
    // for real bursts in the background.
    expect(alerts.length).toBeLessThan(20);
  });

  it('rejects a range that ends before it starts', () => {
    expect(() => detectSurges([], { ...options, from: '2019-05-01', to: '2019-04-01' })).toThrow(
      /starts \(2019-05-01\) after it ends \(2019-04-01\)/,
    );
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    expect(() => dayNumber('yesterday')).toThrow(/"yesterday" is not a date/);
  });
});

describe('upperTail', () => {
  it('matches Poisson and negative binomial values', () => {
    // P(X ≥ 3) for Poisson(1) = 1 - e^-1 (1 + 1 + 0.5).
    expect(upperTail(3, 1, Infinity)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 10);
    // Negative binomial with size 1 is geometric: P(X ≥ k) = q^k.
    expect(upperTail(4, 2, 1)).toBeCloseTo((2 / 3) ** 4, 10);
  });
});

describe('alerts store', () => {
  it('stores, lists and acknowledges alerts', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'hotline-alerts-'));
    const store = await openStore(path.join(folder, 'alerts.db'));
    try {
      const random = createSeededRandom(7);
      let row = 0;
      const insert = async (day: string, category: string, division: string) => {
        row += 1;
        const id = await store.db
          .insertInto('appeals')
          .values({
            content_hash: `h${row}`, external_id: null, title: `t${row}`, body: `b${row}`,
            received_at: `${day} 10:00:00`, caller: null, recorded_category: null, extra: '{}',
            mask_spans: '[]', warnings: '[]', source_kind: 'file', source_name: 't',
            source_row: row, run_id: null, created_at: '2020-01-01T00:00:00Z',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await store.db
          .insertInto('triage_results')
          .values({
            appeal_id: id.id, category, confidence: 0.9, scores: '[]', appeal_type: 'complaint',
            division_code: null, division_path: JSON.stringify(['A市', division]), elements: '{}',
            departments: '[]', summary: '', model_version: 'test', created_at: '2020-01-01T00:00:00Z',
          })
          .execute();
      };
      const first = dayNumber('2019-09-01');
      for (let day = first; day < first + 70; day += 1) {
        if (random() < 0.5) await insert(dayString(day), '城乡建设', 'A3区');
        if (random() < 0.5) await insert(dayString(day), '环境保护', 'A2区');
      }
      for (let day = first + 66; day < first + 70; day += 1) {
        for (let k = 0; k < 5; k += 1) await insert(dayString(day), '环境保护', 'A2区');
      }
      const written = await scanAlerts(store, { clock: () => new Date('2019-11-10T00:00:00Z') });
      expect(written).toBeGreaterThan(0);
      const open = await listAlerts(store, { status: 'open' });
      const surge = open.find((alert) => alert.division === 'A2区');
      expect(surge?.category).toBe('环境保护');
      expect(surge!.observed).toBeGreaterThan(surge!.expected * 2);
      await acknowledgeAlert(store, surge!.id, '张三', () => new Date('2019-11-11T08:00:00Z'));
      const [after] = (await listAlerts(store)).filter((alert) => alert.id === surge!.id);
      expect(after?.status).toBe('acknowledged');
      expect(after?.acknowledgedBy).toBe('张三');
      expect(after?.acknowledgedAt).toBe('2019-11-11T08:00:00.000Z');
      await expect(acknowledgeAlert(store, 9999, '张三')).rejects.toThrow(/alert 9999 not found/);
      await expect(acknowledgeAlert(store, surge!.id, ' ')).rejects.toThrow(/pass --by NAME/);
    } finally {
      await store.close();
    }
  });
});
