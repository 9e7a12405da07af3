import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppealRepository } from '../../src/store/appeal-repository.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { makeAppeal, makeResult } from '../run/fixtures.ts';

let directory: string;
let store: Store;
let repository: AppealRepository;
const fixedNow = () => new Date('2024-03-01T08:00:00Z');

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-store-'));
  store = await openStore(path.join(directory, 'test.db'));
  repository = new AppealRepository(store.db, fixedNow);
});

afterEach(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

const progress = (rowsDone: number, complete = false) => ({
  fileKey: 'key-1',
  file: '/data/a.csv',
  rowsDone,
  complete,
});

describe('AppealRepository', () => {
  it('stores appeals with their triage results', async () => {
    const runId = await repository.startRun({
      command: 'run',
      inputs: ['/data/a.csv'],
      modelVersion: 'test-model-1',
    });
    const appeal = makeAppeal('噪音扰民', '楼下夜间施工', {
      recordedCategory: '城乡建设',
    });
    const outcome = await repository.commitBatch({
      runId,
      appeals: [{ appeal, result: makeResult('城乡建设', 0.8) }],
      knownDuplicates: 0,
      rejects: [],
      progress: progress(1),
    });
    expect(outcome.stored).toBe(1);
    const row = await store.db
      .selectFrom('appeals')
      .innerJoin('triage_results', 'triage_results.appeal_id', 'appeals.id')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('噪音扰民');
    expect(row.category).toBe('城乡建设');
    expect(row.department).toBe('市住房和城乡建设局');
    expect(row.run_id).toBe(runId);
    expect(JSON.parse(row.division_path ?? 'null')).toEqual([
      '湖南省',
      '长沙市',
      '岳麓区',
    ]);
    expect(row.created_at).toBe('2024-03-01T08:00:00.000Z');
  });

  it('skips stored content hashes as duplicates', async () => {
    const runId = await repository.startRun({
      command: 'run',
      inputs: [],
      modelVersion: null,
    });
    const first = makeAppeal('标题', '正文');
    const copy = makeAppeal('标题', '正文', { externalId: 'other' });
    const batch = {
      runId,
      knownDuplicates: 0,
      rejects: [],
      progress: progress(1),
    };
    await repository.commitBatch({
      ...batch,
      appeals: [{ appeal: first, result: makeResult('A', 0.5) }],
    });
    const outcome = await repository.commitBatch({
      ...batch,
      appeals: [
        { appeal: copy, result: makeResult('A', 0.5) },
        { appeal: makeAppeal('新', '新'), result: makeResult('B', 0.5) },
      ],
      knownDuplicates: 2,
    });
    expect(outcome.stored).toBe(1);
    expect(outcome.duplicates).toBe(3);
    const hashes = await repository.findStoredHashes([
      first.contentHash,
      'missing',
    ]);
    expect([...hashes]).toEqual([first.contentHash]);
  });

  it('inserts a hash repeated within a batch once', async () => {
    const runId = await repository.startRun({
      command: 'run',
      inputs: [],
      modelVersion: null,
    });
    const appeal = makeAppeal('同一', '内容');
    const outcome = await repository.commitBatch({
      runId,
      appeals: [
        { appeal, result: makeResult('A', 0.5) },
        { appeal, result: makeResult('A', 0.5) },
      ],
      knownDuplicates: 0,
      rejects: [],
      progress: progress(2),
    });
    expect(outcome.stored).toBe(1);
    expect(outcome.duplicates).toBe(1);
  });

  it('keeps counters, rejects and progress together', async () => {
    const runId = await repository.startRun({
      command: 'run',
      inputs: ['/data/a.csv'],
      modelVersion: 'm',
    });
    await repository.commitBatch({
      runId,
      appeals: [{ appeal: makeAppeal('a', 'b'), result: makeResult('A', 1) }],
      knownDuplicates: 1,
      rejects: [
        {
          file: '/data/a.csv',
          row: 3,
          reason: 'body is empty',
          code: 'empty_record',
        },
      ],
      progress: progress(3),
    });
    expect(await repository.readRunCounts(runId)).toEqual({
      rowsRead: 3,
      stored: 1,
      duplicates: 1,
      rejected: 1,
    });
    expect(await repository.readProgress('key-1')).toEqual({
      rowsDone: 3,
      complete: false,
    });
    const reject = await store.db
      .selectFrom('rejects')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(reject).toMatchObject({
      run_id: runId,
      file: '/data/a.csv',
      row: 3,
      reason: 'body is empty',
      code: 'empty_record',
    });
  });

  it('rolls back a failed batch entirely', async () => {
    const runId = await repository.startRun({
      command: 'run',
      inputs: [],
      modelVersion: null,
    });
    const broken = makeResult('A', 1);
    // NOT NULL on summary makes the triage insert fail after the appeal.
    (broken as { summary: unknown }).summary = null;
    await expect(
      repository.commitBatch({
        runId,
        appeals: [{ appeal: makeAppeal('x', 'y'), result: broken }],
        knownDuplicates: 0,
        rejects: [{ file: 'f', row: 1, reason: 'r' }],
        progress: progress(2),
      }),
    ).rejects.toThrow(/NOT NULL/);
    const count = await store.db
      .selectFrom('appeals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    expect(await repository.readProgress('key-1')).toBeNull();
    expect((await repository.readRunCounts(runId)).rowsRead).toBe(0);
  });

  it('finishes runs and registers model versions once', async () => {
    const runId = await repository.startRun({
      command: 'run',
      inputs: [],
      modelVersion: 'm1',
    });
    await repository.finishRun(runId, 'completed');
    const info = {
      version: 'm1',
      format: 'student',
      sha256: 'ab',
      labels: ['A'],
      metrics: {},
    };
    await repository.registerModelVersion(info);
    await repository.registerModelVersion({ ...info, sha256: 'changed' });
    const run = await store.db
      .selectFrom('runs')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('completed');
    expect(run.finished_at).toBe('2024-03-01T08:00:00.000Z');
    const versions = await store.db
      .selectFrom('model_versions')
      .selectAll()
      .execute();
    expect(versions).toHaveLength(1);
    expect(versions[0]?.sha256).toBe('ab');
  });
});

describe('run ownership', () => {
  const options = { command: 'run', inputs: ['a.csv'], modelVersion: null };

  async function statusOf(id: number): Promise<string> {
    const row = await store.db
      .selectFrom('runs')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.status;
  }

  it('keeps a live run running', async () => {
    const first = await repository.startRun(options);
    await repository.startRun(options);
    expect(await statusOf(first)).toBe('running');
  });

  it('marks a dead run interrupted', async () => {
    const first = await repository.startRun(options);
    // A finished child's process id no longer exists.
    const child = spawnSync(process.execPath, ['-e', '0']);
    await store.db.updateTable('runs').set({ pid: child.pid! }).where('id', '=', first).execute();
    const second = await repository.startRun(options);
    expect(await statusOf(first)).toBe('interrupted');
    expect(await statusOf(second)).toBe('running');
  });
});
