import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.ts';
import { importDocuments } from '../../src/kb/import-documents.ts';
import {
  answerQuestion,
  extractiveAnswer,
} from '../../src/kb/answer-question.ts';
import { searchPassages, type SearchHit } from '../../src/kb/search-passages.ts';
import { loadSynonyms } from '../../src/kb/synonyms.ts';
import { repoRoot } from '../helpers/paths.ts';

/**
 * Laws shipped in kb/laws that the wage and water questions touch, plus
 * 建筑法, whose 第九条 mentions 三个月. Importing a subset keeps the test
 * quick; idf then comes from these documents only.
 */
const laws = [
  '社会法/劳动合同法(2012-12-28).md',
  '社会法/劳动法(2018-12-29).md',
  '行政法规/保障农民工工资支付条例(2019-12-30).md',
  '经济法/建筑法(2019-04-23).md',
  '民法典/物权编.md',
  '行政法规/物业管理条例(2018-03-19).md',
  '行政法规/城市供水条例(2020-03-27).md',
  '行政法规/国有土地上房屋征收与补偿条例(2011-01-21).md',
].map((file) => path.join(repoRoot, 'kb', 'laws', file));

const synonyms = loadSynonyms();
let folder: string;
let store: Store;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'hotline-kb-laws-'));
  store = await openStore(path.join(folder, 'kb.db'));
  await importDocuments(store, laws);
});
afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

const wagePaymentArticles = [
  '中华人民共和国劳动合同法第三十条',
  '中华人民共和国劳动法第五十条',
  '保障农民工工资支付条例第十一条',
  '保障农民工工资支付条例第十二条',
];

describe('answers from the shipped laws', () => {
  it('cites a wage payment article for unpaid wages', async () => {
    const result = await answerQuestion(store, '公司拖欠工资三个月了怎么办？', {
      synonyms,
    });
    expect(result.status).toBe('answered');
    const first = result.citations[0];
    expect(first).toBeDefined();
    expect(wagePaymentArticles).toContain(
      `${first?.documentTitle}${first?.article}`,
    );
  });

  it('does not quote an article matched on 三个月', async () => {
    const result = await answerQuestion(store, '公司拖欠工资三个月了怎么办？', {
      synonyms,
    });
    const titles = result.citations.map((citation) => citation.documentTitle);
    expect(titles).not.toContain('中华人民共和国建筑法');
    expect(result.answer).not.toMatch(/三个月内开工/u);
  });

  it('refuses the water cut for unpaid fees', async () => {
    // None of these laws lets or forbids a property company cutting water
    // over unpaid fees: 物权编 第二百八十六条 only lists 拒付物业费 among
    // owners' wrongs, and 城市供水条例 binds water suppliers.
    const result = await answerQuestion(
      store,
      '物业因为我欠物业费把我家水停了，这合法吗？',
      { synonyms },
    );
    expect(result.status).not.toBe('answered');
    const cited = result.citations.map((citation) => citation.article);
    expect(cited).not.toContain('第二百八十六条');
  });

  it('answers cutting water to force relocation', async () => {
    const result = await answerQuestion(
      store,
      '拆迁的时候开发商给我家断水断电逼我搬走，这合法吗？',
      { synonyms },
    );
    expect(result.status).toBe('answered');
    expect(result.citations[0]?.documentTitle).toBe(
      '国有土地上房屋征收与补偿条例',
    );
    expect(result.citations[0]?.article).toBe('第二十七条');
  });
});

describe('extractiveAnswer quote selection', () => {
  it('skips a close hit covering few concepts', async () => {
    const hits = await searchPassages(store, '公司拖欠工资三个月了怎么办？', {
      synonyms,
    });
    const [best, second] = hits;
    expect(best).toBeDefined();
    expect(second).toBeDefined();
    if (best === undefined || second === undefined) return;
    // Same score as the best but none of the question's concepts, as
    // a passage that shares just a number or a common word would have.
    const weak: SearchHit = {
      ...second,
      score: best.score,
      coveredConcepts: 0,
    };
    const answer = extractiveAnswer([best, weak]);
    expect(answer.split('\n')).toHaveLength(1);
    const strong: SearchHit = { ...weak, coveredConcepts: best.conceptCount };
    expect(extractiveAnswer([best, strong]).split('\n')).toHaveLength(2);
  });

  it('quotes at most three passages', async () => {
    const hits = await searchPassages(store, '拖欠工资', { synonyms });
    const best = hits[0];
    expect(best).toBeDefined();
    if (best === undefined) return;
    const copies = [1, 2, 3, 4, 5].map((rank) => ({ ...best, rank }));
    expect(extractiveAnswer(copies).split('\n')).toHaveLength(3);
  });
});
