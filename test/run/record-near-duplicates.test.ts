import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HotspotTables } from '../../src/hotspot/hotspot-tables.ts';
import { listNearDuplicateLinks } from '../../src/hotspot/near-duplicate-links.ts';
import { NearDuplicateRecorder } from '../../src/run/record-near-duplicates.ts';
import {
  runFiles,
  type AppealRecord,
  type ReadAppealsOptions,
} from '../../src/run/run-files.ts';
import { AppealRepository } from '../../src/store/appeal-repository.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { keywordTriage, makeAppeal } from './fixtures.ts';

// Two wordings of one report about night-time piling, and an unrelated one.
const noise = {
  title: '城乡建设：枫林路工地夜间施工噪音扰民',
  body:
    '枫林路与桐梓坡路交叉口的工地每天晚上十一点以后还在打桩，噪音非常大，' +
    '附近居民无法入睡，请相关部门尽快查处。',
};
const noiseAgain = {
  title: '城乡建设：枫林路工地晚上施工扰民',
  body:
    '枫林路和桐梓坡路交叉口工地每晚十一点后仍在打桩施工，噪音很大，' +
    '周边居民根本无法入睡，希望有关部门尽快查处。',
};
const canteen = {
  title: '教育文体：学校食堂饭菜价格偏高',
  body: '孩子所在中学的食堂一份午餐要十八元，分量少，家长希望教育局核查定价。',
};

let directory: string;
let store: Store;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-near-duplicates-'));
  store = await openStore(path.join(directory, 'test.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Yields the given appeals, in order, each received at its own time. */
function readerOf(
  rows: { title: string; body: string; receivedAt: string }[],
) {
  return async function* read(
    file: string,
    options: ReadAppealsOptions,
  ): AsyncIterable<AppealRecord> {
    options.onInfo?.({ encoding: 'utf-8' });
    for (const [index, row] of rows.entries()) {
      yield {
        kind: 'appeal',
        appeal: makeAppeal(row.title, row.body, {
          receivedAt: row.receivedAt,
          source: { kind: 'file', name: file, row: index + 1 },
        }),
      };
    }
  };
}

async function runOver(
  rows: { title: string; body: string; receivedAt: string }[],
) {
  const file = path.join(directory, 'input.txt');
  writeFileSync(file, 'rows come from the reader\n');
  return runFiles({
    files: [file],
    repository: new AppealRepository(store.db),
    readAppeals: readerOf(rows),
    pipeline: keywordTriage,
    batchSize: 2,
    nearDuplicates: await NearDuplicateRecorder.open(store),
  });
}

async function idOf(title: string): Promise<number> {
  const row = await store.db
    .selectFrom('appeals')
    .select('id')
    .where('title', '=', title)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('NearDuplicateRecorder in a run', () => {
  it('links a reworded repeat to the original', async () => {
    const summary = await runOver([
      { ...noise, receivedAt: '2019-05-01T09:00:00' },
      { ...canteen, receivedAt: '2019-05-01T10:00:00' },
      { ...noiseAgain, receivedAt: '2019-05-02T08:00:00' },
    ]);
    expect(summary.stored).toBe(3);
    expect(summary.nearDuplicates).toBe(1);
    const links = await listNearDuplicateLinks(store);
    expect(links).toHaveLength(1);
    expect(links[0]?.appealId).toBe(await idOf(noiseAgain.title));
    expect(links[0]?.duplicateOf).toBe(await idOf(noise.title));
    expect(links[0]?.similarity).toBeGreaterThanOrEqual(0.2);
    expect(links[0]?.similarity).toBeLessThan(1);
  });

  it('points the link at the earlier receive time', async () => {
    // The file lists the later appeal first.
    await runOver([
      { ...noiseAgain, receivedAt: '2019-05-02T08:00:00' },
      { ...noise, receivedAt: '2019-05-01T09:00:00' },
    ]);
    const links = await listNearDuplicateLinks(store);
    expect(links).toHaveLength(1);
    expect(links[0]?.appealId).toBe(await idOf(noiseAgain.title));
    expect(links[0]?.duplicateOf).toBe(await idOf(noise.title));
  });

  it('stores a signature per new appeal', async () => {
    await runOver([
      { ...noise, receivedAt: '2019-05-01T09:00:00' },
      { ...canteen, receivedAt: '2019-05-01T10:00:00' },
      { ...noiseAgain, receivedAt: '2019-05-02T08:00:00' },
    ]);
    const row = await store.db
      .withTables<HotspotTables>()
      .selectFrom('appeal_signatures')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(3);
  });

  it('links nothing among unrelated appeals', async () => {
    const summary = await runOver([
      { ...noise, receivedAt: '2019-05-01T09:00:00' },
      { ...canteen, receivedAt: '2019-05-01T10:00:00' },
    ]);
    expect(summary.nearDuplicates).toBe(0);
    expect(await listNearDuplicateLinks(store)).toHaveLength(0);
  });
});
