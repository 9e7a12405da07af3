import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocuments } from '../../src/kb/import-documents.ts';
import { searchPassages } from '../../src/kb/search-passages.ts';
import { answerQuestion } from '../../src/kb/answer-question.ts';
import { buildSynonymTable, loadSynonyms, parseSynonyms } from '../../src/kb/synonyms.ts';
import { openSampleKb, type SampleKb } from './sample-kb.ts';

const synonyms = loadSynonyms();
let kb: SampleKb;

beforeAll(async () => {
  kb = await openSampleKb();
});
afterAll(async () => {
  await kb.close();
});

describe('searchPassages', () => {
  it('finds two-character words inside longer ones', async () => {
    const hits = await searchPassages(kb.store, '物业', { synonyms: buildSynonymTable([]) });
    const ids = hits.map((hit) => hit.passage.id);
    expect(ids).toContain(kb.passages['K1']?.id);
    expect(ids).toContain(kb.passages['K2']?.id);
  });

  it('expands synonyms such as 噪音', async () => {
    const plain = await searchPassages(kb.store, '噪音', { synonyms: buildSynonymTable([]) });
    expect(plain.map((hit) => hit.passage.id)).not.toContain(kb.passages['K3']?.id);
    const expanded = await searchPassages(kb.store, '噪音', { synonyms });
    expect(expanded.map((hit) => hit.passage.id)).toContain(kb.passages['K3']?.id);
  });

  it('uses a user synonym file', async () => {
    const none = await searchPassages(kb.store, '租房备案', { synonyms });
    const table = buildSynonymTable([
      ...synonyms.groups.map((group) => [...group]),
      ...parseSynonyms('# user terms\n房屋租赁 租房\n'),
    ]);
    const hits = await searchPassages(kb.store, '租房备案', { synonyms: table });
    expect(hits[0]?.passage.id).toBe(kb.passages['K7']?.id);
    expect(hits[0]?.coverage).toBeGreaterThan(none[0]?.coverage ?? 0);
  });

  it('filters by document title and date', async () => {
    const faqOnly = await searchPassages(kb.store, '物业', {
      synonyms,
      filters: { documentTitle: '常见问题' },
    });
    expect(faqOnly.length).toBeGreaterThan(0);
    expect(faqOnly.every((hit) => hit.passage.documentTitle.includes('常见问题'))).toBe(true);
    const dated = path.join(kb.folder, 'future.md');
    writeFileSync(dated, '# 示例市物业新规\n\n第一条 物业收费须公示。\n\n第二条 本办法自2030年1月1日起施行。\n');
    await importDocuments(kb.store, [dated]);
    const titles = async (effectiveOn: string): Promise<string[]> =>
      (await searchPassages(kb.store, '物业收费', { synonyms, filters: { effectiveOn } }))
        .map((hit) => hit.passage.documentTitle);
    expect(await titles('2025-01-01')).not.toContain('示例市物业新规');
    // Undated documents pass every date filter.
    expect(await titles('2025-01-01')).toContain('示例市物业管理办法');
    expect(await titles('2030-01-01')).toContain('示例市物业新规');
  });

  it('returns nothing for stop words only', async () => {
    expect(await searchPassages(kb.store, '请问这个怎么办？', { synonyms })).toEqual([]);
  });
});

describe('answerQuestion extractive', () => {
  it('quotes the FAQ for the housing fund', async () => {
    const result = await answerQuestion(kb.store, '公积金怎么提取？', { synonyms });
    expect(result.status).toBe('answered');
    expect(result.citations[0]?.passageId).toBe(kb.passages['K6']?.id);
    expect(result.answer).toMatch(/^根据《示例市12345常见问题》：「问：住房公积金/u);
  });

  it('hands over nothing relevant as not covered', async () => {
    const result = await answerQuestion(kb.store, '国足比赛比分是多少？', { synonyms });
    expect(result.status).toBe('not_covered');
    expect(result.answer).toMatch(/知识库中没有找到/u);
  });
});
