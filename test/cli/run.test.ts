import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './capture.ts';
import { writeAppealsCsv } from './fixtures/write-appeals-csv.ts';

vi.mock('../../src/run/load-run-modules.ts', async () => {
  const fake = await import('./fixtures/fake-run-modules.ts');
  return { loadRunModules: fake.loadFakeRunModules };
});

let directory: string;
let database: string;
let reportPath: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-cli-'));
  database = path.join(directory, 'test.db');
  reportPath = path.join(directory, 'report.html');
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function runArgs(...files: string[]): string[] {
  return ['run', ...files, '--db', database, '--report', reportPath];
}

describe('hotline run', () => {
  it('prints parseable JSON whose counts add up', async () => {
    const file = path.join(directory, 'a.csv');
    writeAppealsCsv(file, 30, { badEvery: 10 });
    const output = await runCli([...runArgs(file), '--json', '--batch', '7']);
    expect(output.code).toBe(0);
    const summary = JSON.parse(output.stdout) as Record<string, unknown>;
    expect(summary['rows']).toBe(30);
    expect(summary['stored']).toBe(27);
    expect(summary['duplicates']).toBe(0);
    expect(summary['rejected']).toBe(3);
    expect(summary['reportPath']).toBe(reportPath);
    expect(summary['agreement']).toMatchObject({ rows: 27, accuracy: 1 });
    const files = summary['files'] as Array<Record<string, unknown>>;
    expect(files[0]?.['encoding']).toBe('utf-8');
    expect(readFileSync(reportPath, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('keeps stdout parseable while stderr shows a bar', async () => {
    const file = path.join(directory, 'a.csv');
    writeAppealsCsv(file, 50);
    const output = await runCli([...runArgs(file), '--json'], {}, {
      stderrIsTty: true,
    });
    expect(output.code).toBe(0);
    expect(() => JSON.parse(output.stdout)).not.toThrow();
    expect(output.stderr).toMatch(/a\.csv \[.*\] 50\/50/);
  });

  it('stores nothing on a second run', async () => {
    const file = path.join(directory, 'a.csv');
    writeAppealsCsv(file, 20, { extra: ['99,城乡建设：第1号诉求,"小区门口路灯损坏，编号1，请尽快修理",,'] });
    await runCli([...runArgs(file), '--json']);
    const second = await runCli([...runArgs(file), '--json']);
    const summary = JSON.parse(second.stdout) as Record<string, number>;
    expect(summary['rows']).toBe(21);
    expect(summary['stored']).toBe(0);
    expect(summary['duplicates']).toBe(21);
  });

  it('prints a human summary with the report path', async () => {
    const file = path.join(directory, 'a.csv');
    writeAppealsCsv(file, 5);
    const output = await runCli(runArgs(file));
    expect(output.stdout).toMatch(/rows 5: stored 5, duplicates 0, rejected 0/);
    expect(output.stdout).toMatch(/a\.csv \[utf-8\]: rows 5/);
    expect(output.stdout).toMatch(/accuracy 100\.0%, macro-F1 1\.000/);
    expect(output.stdout).toContain(`report: ${reportPath}`);
    expect(output.stderr).toMatch(/hotline: .*a\.csv: finished, 5 records/);
  });

  it('continues past a missing file and exits 1', async () => {
    const file = path.join(directory, 'a.csv');
    writeAppealsCsv(file, 4);
    const missing = path.join(directory, 'missing.csv');
    const output = await runCli([...runArgs(missing, file), '--json']);
    expect(output.code).toBe(1);
    const summary = JSON.parse(output.stdout) as {
      stored: number;
      files: Array<{ error: string | null }>;
    };
    expect(summary.stored).toBe(4);
    expect(summary.files[0]?.error).toMatch(/missing\.csv" was not found/);
    expect(output.stderr).toMatch(/error: input file ".*missing\.csv" was not found; check the path/);
  });

  it('reports a file without appeal columns', async () => {
    const file = path.join(directory, 'odd.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const output = await runCli([...runArgs(file), '--json']);
    expect(output.code).toBe(1);
    const summary = JSON.parse(output.stdout) as {
      files: Array<{ error: string | null }>;
    };
    expect(summary.files[0]?.error).toMatch(/odd\.csv/);
  });

  it.each([
    [['--batch', '0'], /--batch "0" is invalid: it must be a whole number from 1/],
    [['--batch', 'ten'], /--batch "ten" is invalid/],
    [['--map', 'body'], /--map entry "body" is not of the form field=column/],
    [['--map', 'colour=颜色'], /--map field "colour" is unknown\. Use one of: title/],
    [['--encoding', 'latin1'], /encoding "latin1" is not supported/],
  ])('rejects bad flag %j', async (flags, message) => {
    const file = path.join(directory, 'a.csv');
    writeAppealsCsv(file, 2);
    const output = await runCli([...runArgs(file), ...flags]);
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(message);
    expect(output.stdout).toBe('');
  });

  it('exits 2 on an unknown flag', async () => {
    const output = await runCli(['run', 'a.csv', '--colour']);
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/unknown option '--colour'/);
  });

  it('uses HOTLINE_DB when --db is absent', async () => {
    const file = path.join(directory, 'a.csv');
    writeAppealsCsv(file, 3);
    const output = await runCli(['run', file, '--report', reportPath, '--json'], {
      HOTLINE_DB: database,
    });
    expect(output.code).toBe(0);
    const report = await runCli(['report', '--db', database, '--out', reportPath, '--json']);
    expect(JSON.parse(report.stdout)).toMatchObject({ totals: { appeals: 3 } });
  });
});
