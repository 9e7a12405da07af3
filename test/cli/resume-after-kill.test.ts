import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../helpers/paths.ts';
import { runCli } from './capture.ts';
import { writeAppealsCsv } from './fixtures/write-appeals-csv.ts';

vi.mock('../../src/run/load-run-modules.ts', async () => {
  const fake = await import('./fixtures/fake-run-modules.ts');
  return { loadRunModules: fake.loadFakeRunModules };
});

const recordCount = 6000;
const badEvery = 97;
const childScript = path.join(repoRoot, 'test/cli/fixtures/run-child.ts');

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-kill-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Reads the progress marker, or null while the table or row is missing. */
function readMarker(database: string) {
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(database, { readonly: true, fileMustExist: true });
    const row = sqlite
      .prepare('select rows_done, complete from ingest_progress')
      .get() as { rows_done: number; complete: number } | undefined;
    return row ?? null;
  } catch {
    return null;
  } finally {
    sqlite?.close();
  }
}

describe('hotline run after SIGKILL', () => {
  it('resumes and stores every row exactly once', async () => {
    const input = path.join(directory, 'big.csv');
    const database = path.join(directory, 'tmp.db');
    const report = path.join(directory, 'report.html');
    writeAppealsCsv(input, recordCount, { badEvery });

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', childScript, 'run', input, '--db', database,
        '--batch', '200', '--report', report],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => {
      child.on('exit', (_code, signal) => resolve(signal));
    });
    let marker = readMarker(database);
    const deadline = Date.now() + 30_000;
    while ((marker === null || marker.rows_done === 0) && Date.now() < deadline) {
      await sleep(10);
      marker = readMarker(database);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(marker?.rows_done).toBeGreaterThan(0);

    const killed = readMarker(database);
    expect(killed?.complete).toBe(0);
    const committed = killed?.rows_done ?? 0;
    expect(committed % 200).toBe(0);

    const output = await runCli(['run', input, '--db', database,
      '--batch', '200', '--report', report, '--json']);
    expect(output.code).toBe(0);
    const summary = JSON.parse(output.stdout) as {
      rows: number;
      stored: number;
      duplicates: number;
      rejected: number;
      files: Array<{ resumedFrom: number }>;
    };
    expect(summary.files[0]?.resumedFrom).toBe(committed);
    expect(summary.rows).toBe(recordCount - committed);
    expect(summary.duplicates).toBe(0);

    const sqlite = new Database(database, { readonly: true });
    try {
      const rejectedTotal = Math.floor(recordCount / badEvery);
      const appeals = sqlite
        .prepare('select count(*) as n, count(distinct external_id) as ids from appeals')
        .get() as { n: number; ids: number };
      expect(appeals.n).toBe(recordCount - rejectedTotal);
      expect(appeals.ids).toBe(appeals.n);
      const orphans = sqlite
        .prepare(
          'select count(*) as n from appeals a left join triage_results t ' +
            'on t.appeal_id = a.id where t.appeal_id is null',
        )
        .get() as { n: number };
      expect(orphans.n).toBe(0);
      const rejects = sqlite
        .prepare('select count(*) as n, count(distinct row) as rows from rejects')
        .get() as { n: number; rows: number };
      expect(rejects.n).toBe(rejectedTotal);
      expect(rejects.rows).toBe(rejectedTotal);
      const runs = sqlite
        .prepare('select status, rows_read, stored, duplicates, rejected from runs order by id')
        .all() as Array<{ status: string; rows_read: number; stored: number;
          duplicates: number; rejected: number }>;
      // The second run found the first one's process gone and marked it.
      expect(runs.map((run) => run.status)).toEqual(['interrupted', 'completed']);
      expect(runs[0]?.rows_read).toBe(committed);
      for (const run of runs) {
        expect(run.rows_read).toBe(run.stored + run.duplicates + run.rejected);
      }
      expect(readMarker(database)).toEqual({ rows_done: recordCount, complete: 1 });
    } finally {
      sqlite.close();
    }
  });
});
