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

  it('quotes the first rejected rows', async () => {
    const file = path.join(directory, 'a.csv');
    writeAppealsCsv(file, 30, { badEvery: 10 });
    const output = await runCli(runArgs(file));
    expect(output.code).toBe(0);
    const quoted = output.stdout.match(/^ {4}rejected row \d+: .+$/gm) ?? [];
    expect(quoted).toHaveLength(3);
  });

  it('reads an unknown extension with --format', async () => {
    const file = path.join(directory, 'a.dat');
    writeAppealsCsv(file, 5);
    const withoutFormat = await runCli([...runArgs(file), '--json']);
    expect(withoutFormat.code).toBe(1);
    expect(withoutFormat.stderr).toMatch(/pass --format csv/);
    const output = await runCli([...runArgs(file), '--format', 'csv', '--json']);
    expect(output.code).toBe(0);
    expect((JSON.parse(output.stdout) as { stored: number }).stored).toBe(5);
    const wrong = await runCli([...runArgs(file), '--format', 'doc']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/--format must be csv, tsv, xlsx or jsonl, got "doc"/);
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

describe('hotline run hotspots', () => {
  // Two wordings of one report about night-time piling, and an unrelated
  // one about a school canteen.
  const rows = [
    '留言编号,留言主题,留言详情,留言时间',
    '1,枫林路工地夜间施工噪音扰民,"枫林路与桐梓坡路交叉口的工地每天晚上十一点以后' +
      '还在打桩，噪音非常大，附近居民无法入睡，请相关部门尽快查处。",2019-05-01 09:00:00',
    '2,学校食堂饭菜价格偏高,"孩子所在中学的食堂一份午餐要十八元，分量少，' +
      '家长希望教育局核查定价。",2019-05-01 10:00:00',
    '3,枫林路工地晚上施工扰民<急>,"枫林路和桐梓坡路交叉口工地每晚十一点后仍在' +
      '打桩施工，噪音很大，周边居民根本无法入睡，希望有关部门尽快查处。",2019-05-02 08:00:00',
  ];

  it('counts near-duplicates and alerts in JSON', async () => {
    const file = path.join(directory, 'repeats.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const output = await runCli([...runArgs(file), '--json']);
    expect(output.code).toBe(0);
    const summary = JSON.parse(output.stdout) as Record<string, unknown>;
    expect(summary['stored']).toBe(3);
    expect(summary['nearDuplicates']).toBe(1);
    // Three appeals on two days are far too few for a surge.
    expect(summary['alerts']).toBe(0);
  });

  it('adds hotspot and repeat sections to the report', async () => {
    const file = path.join(directory, 'repeats.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const output = await runCli(runArgs(file));
    expect(output.code).toBe(0);
    expect(output.stdout).toMatch(/near-duplicates: 1 new appeals/);
    expect(output.stdout).toMatch(/new surge alerts: 0/);
    const html = readFileSync(reportPath, 'utf8');
    expect(html).toContain('<h2>热点与预警</h2>');
    // 90 days up to the newest appeal, 2019-05-02.
    expect(html).toContain('热点统计时段：2019-02-02 起');
    expect(html).toContain('<h2>重复诉求（近似重复）</h2>');
    expect(html).toContain('近似重复关系: 1');
    // The repeat's title is escaped, and both titles of the link appear.
    expect(html).toContain('枫林路工地晚上施工扰民&lt;急&gt;');
    expect(html).not.toContain('扰民<急>');
    expect(html).toContain('枫林路工地夜间施工噪音扰民');
  });
});
