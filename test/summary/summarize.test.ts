import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxSummaryLength, summarize } from '../../src/summary/index.ts';
import { sharedData } from '../helpers/paths.ts';

/** Checks that each "，"-joined part of a summary is copied from the input. */
function expectExtractive(summary: string, title: string, body: string): void {
  const source = title + '\n' + body;
  const parts = summary.split('，');
  for (const part of parts) expect(source).toContain(part);
}

function bigrams(text: string): Set<string> {
  const result = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) result.add(text.slice(i, i + 2));
  return result;
}

describe('summarize', () => {
  it('picks the sentence about the title', () => {
    const title = '小区停水三天无人处理';
    const body =
      '尊敬的领导：您好！我住在A市A3区某某小区。' +
      '从本周一开始小区停水，已经停水三天了，物业说是管道问题，一直无人处理。' +
      '家里有老人小孩，生活非常不便。希望尽快解决。';
    const summary = summarize(title, body);
    expect(summary).toMatch(/停水/);
    expect(summary.length).toBeLessThanOrEqual(maxSummaryLength);
    expectExtractive(summary, title, body);
  });

  it('drops the salutation', () => {
    const summary = summarize('', '尊敬的领导：您好！楼下餐馆油烟直排，熏得无法开窗。');
    expect(summary.startsWith('尊敬')).toBe(false);
    expect(summary).toBe('楼下餐馆油烟直排，熏得无法开窗');
  });

  it('cuts a long sentence at a clause', () => {
    const clause = '这里的路灯已经坏了很长时间';
    const body = Array.from({ length: 8 }, () => clause).join('，') + '。';
    const summary = summarize('', body);
    expect(summary.length).toBeLessThanOrEqual(maxSummaryLength);
    expect(summary.endsWith(clause)).toBe(true);
  });

  it('cuts one long clause at the limit', () => {
    const body = '路灯坏了没人修'.repeat(15);
    expect(summarize('', body)).toBe(body.slice(0, maxSummaryLength));
  });

  it('falls back to the title', () => {
    expect(summarize('关于公交站台损坏的问题。', '')).toBe('公交站台损坏的问题');
  });

  it('puts a short title before an unrelated sentence', () => {
    const title = '噪音扰民问题反映';
    const body = '隔壁工地每晚十点以后还在施工。';
    expect(summarize(title, body)).toBe('噪音扰民问题反映，隔壁工地每晚十点以后还在施工');
  });

  it('returns empty for empty input', () => {
    expect(summarize('', '')).toBe('');
  });
});

describe('summarize on real appeals', () => {
  const rows = readFileSync(sharedData('teddy2020_c', 'att3_hotspot.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, 10)
    .map((line) => JSON.parse(line) as { id: string; title: string; body: string });

  for (const row of rows) {
    it(`summarises appeal ${row.id}`, () => {
      const summary = summarize(row.title, row.body);
      expect(summary.length).toBeGreaterThan(10);
      expect(summary.length).toBeLessThanOrEqual(maxSummaryLength);
      expectExtractive(summary, row.title, row.body);
      // Sensible: the summary shares words with the title or opens the body.
      const shared = [...bigrams(summary)].filter((b) => bigrams(row.title).has(b));
      const early = row.body.indexOf(summary) < row.body.length / 2;
      expect(shared.length >= 2 || early).toBe(true);
    });
  }
});
