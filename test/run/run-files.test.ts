import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/errors/index.ts';
import { runFiles, type ReadAppeals } from '../../src/run/run-files.ts';
import { AppealRepository } from '../../src/store/appeal-repository.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { keywordTriage, readPipeFile } from './fixtures.ts';

let directory: string;
let store: Store;
let repository: AppealRepository;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-run-'));
  store = await openStore(path.join(directory, 'test.db'));
  repository = new AppealRepository(store.db);
});

afterEach(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

function writeInput(name: string, lines: string[]): string {
  const file = path.join(directory, name);
  writeFileSync(file, ['category|title|body', ...lines, ''].join('\n'));
  return file;
}

function run(files: string[], readAppeals: ReadAppeals = readPipeFile) {
  return runFiles({
    files,
    repository,
    readAppeals,
    pipeline: keywordTriage,
    batchSize: 3,
  });
}

async function countRows(table: 'appeals' | 'triage_results' | 'rejects') {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const sample = [
  '城乡建设|城乡建设：路灯坏了|请修理',
  '教育文体|教育文体：学校收费|乱收费',
  '|交通运输：公交改线|请恢复',
  '!column count 2, expected 3',
  '城乡建设|城乡建设：路灯坏了|请修理',
  '环境保护|城乡建设：噪音|夜间施工',
  '|卫生计生：医院|boom',
];

describe('runFiles', () => {
  it('counts rows as stored plus duplicates plus rejected', async () => {
    const summary = await run([writeInput('a.txt', sample)]);
    expect(summary.rows).toBe(7);
    expect(summary.stored).toBe(4);
    expect(summary.duplicates).toBe(1);
    expect(summary.rejected).toBe(2);
    expect(summary.rows).toBe(
      summary.stored + summary.duplicates + summary.rejected,
    );
    expect(summary.files[0]?.rows).toBe(7);
    expect(summary.files[0]?.encoding).toBe('utf-8');
    expect(await countRows('appeals')).toBe(4);
    expect(await countRows('triage_results')).toBe(4);
    expect(summary.status).toBe('completed');
  });

  it('stores nothing on a second run of the same file', async () => {
    const file = writeInput('a.txt', sample);
    await run([file]);
    const second = await run([file]);
    expect(second.rows).toBe(7);
    expect(second.stored).toBe(0);
    expect(second.duplicates).toBe(5);
    expect(second.rejected).toBe(2);
    expect(second.files[0]?.resumedFrom).toBe(0);
    expect(await countRows('appeals')).toBe(4);
  });

  it('records rejects with run, file and row', async () => {
    const file = writeInput('a.txt', sample);
    const summary = await run([file]);
    const rejects = await store.db
      .selectFrom('rejects')
      .selectAll()
      .orderBy('row')
      .execute();
    expect(rejects.map((reject) => reject.row)).toEqual([4, 7]);
    expect(rejects[0]).toMatchObject({
      run_id: summary.runId,
      file,
      reason: 'column count 2, expected 3',
    });
    expect(rejects[1]?.reason).toMatch(/^triage failed: model input rejected/);
  });

  it('computes agreement over rows with a recorded category', async () => {
    const summary = await run([writeInput('a.txt', sample)]);
    // Stored with a category: 城乡建设 (hit), 教育文体 (hit), 环境保护
    // predicted as 城乡建设 (miss).
    expect(summary.agreement?.rows).toBe(3);
    expect(summary.agreement?.accuracy).toBeCloseTo(2 / 3);
    // F1: 城乡建设 2/3, 教育文体 1, 环境保护 0.
    expect(summary.agreement?.macroF1).toBeCloseTo((2 / 3 + 1 + 0) / 3);
  });

  it('continues after a missing file and reports it', async () => {
    const missing = path.join(directory, 'missing.txt');
    const present = writeInput('b.txt', sample.slice(0, 2));
    const summary = await run([missing, present]);
    expect(summary.files[0]?.error).toMatch(/missing\.txt" was not found/);
    expect(summary.files[1]?.stored).toBe(2);
    expect(summary.rows).toBe(2);
    const fault = await store.db
      .selectFrom('rejects')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(fault.row).toBe(0);
    expect(fault.file).toBe(missing);
  });

  it('keeps committed batches when a file fails midway', async () => {
    const file = writeInput('a.txt', sample);
    const failing: ReadAppeals = async function* (name, options) {
      let count = 0;
      for await (const record of readPipeFile(name, options)) {
        if (count === 4) {
          throw new InputFileError({ file: name, message: 'read failed' });
        }
        count += 1;
        yield record;
      }
    };
    const first = await run([file], failing);
    expect(first.files[0]?.error).toBe('read failed');
    expect(first.rows).toBe(4);
    const second = await run([file]);
    expect(second.files[0]?.resumedFrom).toBe(4);
    expect(second.rows).toBe(3);
    expect(await countRows('appeals')).toBe(4);
  });

  it('resumes after the last committed batch', async () => {
    const file = writeInput('a.txt', sample);
    const crashing: ReadAppeals = async function* (name, options) {
      let count = 0;
      for await (const record of readPipeFile(name, options)) {
        if (count === 5) throw new Error('process died');
        count += 1;
        yield record;
      }
    };
    await expect(run([file], crashing)).rejects.toThrow(/process died/);
    const runs = await store.db.selectFrom('runs').selectAll().execute();
    expect(runs[0]?.status).toBe('failed');
    // Batch size 3: the first batch is committed, the second is lost.
    expect(runs[0]?.rows_read).toBe(3);
    const resumed = await run([file]);
    expect(resumed.files[0]?.resumedFrom).toBe(3);
    expect(resumed.rows).toBe(4);
    expect(await countRows('appeals')).toBe(4);
  });
});
