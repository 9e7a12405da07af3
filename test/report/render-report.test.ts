import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { AppealRepository } from '../../src/store/appeal-repository.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { queryReportFacts } from '../../src/store/report-queries.ts';
import { makeAppeal, makeResult } from '../run/fixtures.ts';

const attack = '<img src=x onerror=alert(1)>';
const generatedAt = new Date(2024, 2, 1, 9, 30);

let directory: string;
let store: Store;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-report-'));
  store = await openStore(path.join(directory, 'test.db'));
  const repository = new AppealRepository(store.db);
  const runId = await repository.startRun({
    command: 'run',
    inputs: [],
    modelVersion: 'test-model-1',
  });
  const location = { text: attack, start: 0, end: 5, kind: 'estate' };
  const base = makeResult('城乡建设', 0.9);
  await repository.commitBatch({
    runId,
    appeals: [
      {
        appeal: makeAppeal(`标题${attack}`, `正文${attack}`, {
          recordedCategory: '城乡建设',
        }),
        result: makeResult('城乡建设', 0.31, {
          elements: { ...base.elements, locations: [location] },
        }),
      },
      {
        appeal: makeAppeal('学校收费', '详见 https://baidu.com/ 链接', {
          recordedCategory: '城乡建设',
          receivedAt: '2019-05-02T10:00:00',
        }),
        result: makeResult('教育文体', 0.7),
      },
      {
        appeal: makeAppeal('公交', '无时间', { receivedAt: null }),
        result: makeResult('交通运输', 0.95),
      },
    ],
    knownDuplicates: 0,
    rejects: [{ file: `/data/${attack}.csv`, row: 2, reason: 'body is empty' }],
    progress: { fileKey: 'k', file: 'f', rowsDone: 4, complete: true },
  });
});

afterEach(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('queryReportFacts', () => {
  it('counts totals, groups and pairs', async () => {
    const facts = await queryReportFacts(store.db);
    expect(facts.totals.appeals).toBe(3);
    expect(facts.totals.withoutTime).toBe(1);
    expect(facts.totals.firstReceivedAt).toBe('2019-05-01T09:30:00');
    expect(facts.categories).toHaveLength(3);
    expect(facts.departments).toEqual([
      { label: '市住房和城乡建设局', count: 3 },
    ]);
    expect(facts.appealTypes).toEqual([{ label: 'complaint', count: 3 }]);
    expect(facts.volumeByDay).toEqual([
      { label: '2019-05-01', count: 1 },
      { label: '2019-05-02', count: 1 },
    ]);
    expect(facts.divisions).toEqual([{ label: '湖南省长沙市岳麓区', count: 3 }]);
    expect(facts.locations).toEqual([{ label: attack, count: 1 }]);
    expect(facts.lowConfidence[0]?.confidence).toBeCloseTo(0.31);
    expect(facts.categoryPairs).toHaveLength(2);
    expect(facts.rejects.rows).toBe(1);
    expect(facts.rejects.files).toBe(0);
    expect(facts.modelVersions).toEqual(['test-model-1']);
  });
});

describe('renderReport', () => {
  it('escapes appeal text and file names', async () => {
    const html = renderReport(await queryReportFacts(store.db), {
      generatedAt,
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('标题&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(`/data/&lt;img`);
  });

  it('contains no external resource', async () => {
    const html = renderReport(await queryReportFacts(store.db), {
      generatedAt,
    });
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    // The URL inside the appeal text stays as escaped text.
    expect(html).toContain('详见 https://baidu.com/ 链接');
  });

  it('shows Chinese labels and agreement', async () => {
    const html = renderReport(await queryReportFacts(store.db), {
      generatedAt,
    });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('生成时间：2024-03-01 09:30');
    expect(html).toContain('投诉');
    expect(html).toMatch(/准确率<\/div>/);
    // One of two recorded 城乡建设 appeals was predicted as such.
    expect(html).toContain('<div class="value">50.0%</div>');
  });

  it('appends extra sections with escaped titles', async () => {
    const html = renderReport(await queryReportFacts(store.db), {
      generatedAt,
      extraSections: [{ title: '热点<与>预警', html: '<p>hot</p>' }],
    });
    expect(html).toContain('<h2>热点&lt;与&gt;预警</h2>');
    expect(html).toContain('<p>hot</p>');
    expect(html).toMatch(/href="#section-11">热点&lt;与&gt;预警/);
  });

  it('renders an empty store without data', async () => {
    const empty = await openStore(path.join(directory, 'empty.db'));
    const html = renderReport(await queryReportFacts(empty.db), {
      generatedAt,
    });
    await empty.close();
    expect(html).toContain('暂无数据');
    expect(html).toContain('数据中没有原始分类');
  });
});

describe('writeReport', () => {
  it('writes the file and returns its path', async () => {
    const file = path.join(directory, 'out.html');
    const written = await writeReport(store.db, file, { generatedAt });
    expect(written.path).toBe(file);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('names the path when it cannot write', async () => {
    const file = path.join(directory, 'no-such-dir', 'out.html');
    await expect(
      writeReport(store.db, file, { generatedAt, flag: '--out' }),
    ).rejects.toThrow(/cannot write the report to ".*no-such-dir.*writable/);
  });
});
