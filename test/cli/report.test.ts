import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-cli-report-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('hotline report', () => {
  it('writes the report of a database', async () => {
    const database = path.join(directory, 'test.db');
    const input = path.join(directory, 'a.csv');
    writeAppealsCsv(input, 12);
    await runCli(['run', input, '--db', database, '--report', path.join(directory, 'x.html')]);
    const out = path.join(directory, 'report.html');
    const output = await runCli(['report', '--db', database, '--out', out]);
    expect(output.code).toBe(0);
    expect(output.stdout).toBe(`report of 12 appeals: ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('诉求总数');
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?https?:/i);
  });

  it('exits 1 for a database that does not exist', async () => {
    const missing = path.join(directory, 'none.db');
    const output = await runCli(['report', '--db', missing]);
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(/database ".*none\.db" was not found\. Run `hotline run FILE`/);
  });

  it('exits 1 when the report cannot be written', async () => {
    const database = path.join(directory, 'test.db');
    const input = path.join(directory, 'a.csv');
    writeAppealsCsv(input, 1);
    await runCli(['run', input, '--db', database, '--report', path.join(directory, 'x.html')]);
    const out = path.join(directory, 'no-dir', 'r.html');
    const output = await runCli(['report', '--db', database, '--out', out]);
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(/cannot write the report to ".*no-dir.*Pass a path in a writable folder/);
  });
});
