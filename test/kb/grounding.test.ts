import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGrounding } from '../../src/kb/grounding.ts';
import { answerQuestion } from '../../src/kb/answer-question.ts';
import { loadSynonyms } from '../../src/kb/synonyms.ts';
import type { Passage } from '../../src/kb/passage.ts';
import { openSampleKb, type SampleKb } from './sample-kb.ts';

const synonyms = loadSynonyms();
let kb: SampleKb;
let sources: Passage[];

beforeAll(async () => {
  kb = await openSampleKb();
  const { K1, K2, K4 } = kb.passages;
  if (!K1 || !K2 || !K4) throw new Error('sample passages missing');
  sources = [K2, K1, K4];
});
afterAll(async () => {
  await kb.close();
});

describe('checkGrounding on the property sample', () => {
  it('accepts sentences backed by their sources', () => {
    const result = checkGrounding(
      '物业不得以欠费为由中断供水[1]。可拨打12345热线反映[3]。',
      sources,
      synonyms,
    );
    expect(result.sentences).toHaveLength(2);
    expect(result.sentences[0]?.issues).toEqual([]);
    expect(result.sentences[1]?.issues).toEqual([]);
    expect(result.grounded).toBe(true);
  });

  it('flags a source about fee disclosure', () => {
    const result = checkGrounding('物业不得以欠费为由中断供水[2]。', sources, synonyms);
    expect(result.grounded).toBe(false);
    expect(result.sentences[0]?.issues).toContainEqual({
      code: 'unsupported',
      value: '[2]',
    });
    expect(result.sentences[0]?.supportScores[2]).toBeLessThan(0.5);
  });

  it('flags a marker beyond the source list', () => {
    const result = checkGrounding('物业不得以欠费为由中断供水[5]。', sources, synonyms);
    expect(result.grounded).toBe(false);
    expect(result.sentences[0]?.issues).toContainEqual({
      code: 'unknown_marker',
      value: '[5]',
    });
  });

  it('flags a sentence without citation', () => {
    const result = checkGrounding('物业不得以欠费为由中断供水。', sources, synonyms);
    expect(result.sentences[0]?.issues).toContainEqual({
      code: 'no_citation',
      value: null,
    });
  });

  it('flags a wrong article number', () => {
    const result = checkGrounding(
      '根据《示例市物业管理办法》第二十一条，物业不得以欠费为由中断供水[1]。',
      sources,
      synonyms,
    );
    expect(result.sentences[0]?.issues).toContainEqual({
      code: 'article_not_in_source',
      value: '第二十一条',
    });
  });

  it('accepts the right article in Arabic digits', () => {
    const result = checkGrounding(
      '根据《示例市物业管理办法》第20条，物业不得以欠费为由中断供水[1]。',
      sources,
      synonyms,
    );
    expect(result.sentences[0]?.issues).toEqual([]);
  });

  it('flags an amount missing from the source', () => {
    const result = checkGrounding(
      '物业以欠费为由中断供水的，可处2万元罚款[1]。',
      sources,
      synonyms,
    );
    expect(result.sentences[0]?.issues).toContainEqual({
      code: 'number_not_in_source',
      value: '2万元',
    });
  });

  it('flags a law title missing from the source', () => {
    const result = checkGrounding(
      '根据《物业管理条例》，物业不得以欠费为由中断供水[1]。',
      sources,
      synonyms,
    );
    expect(result.sentences[0]?.issues).toContainEqual({
      code: 'title_not_in_source',
      value: '《物业管理条例》',
    });
  });

  it('matches time limits across numeral forms', () => {
    const K3 = kb.passages['K3'];
    if (!K3) throw new Error('K3 missing');
    const ok = checkGrounding(
      '居住区内22时至次日6时禁止产生噪声的建筑施工作业[1]。',
      [K3],
      synonyms,
    );
    expect(ok.sentences[0]?.issues).toEqual([]);
    const wrong = checkGrounding(
      '居住区内23时至次日6时禁止产生噪声的建筑施工作业[1]。',
      [K3],
      synonyms,
    );
    expect(wrong.grounded).toBe(false);
  });
});

describe('answerQuestion on the property sample', () => {
  it('answers the water cut-off question from 第二十条', async () => {
    const result = await answerQuestion(
      kb.store,
      '物业因为我欠物业费把我家水停了，这合法吗？',
      { synonyms },
    );
    expect(result.status).toBe('answered');
    expect(result.citations[0]?.article).toBe('第二十条');
    expect(result.citations[0]?.passageId).toBe(kb.passages['K2']?.id);
    expect(result.answer).toMatch(/不得以业主拖欠物业费为由/u);
    expect(result.answer).toMatch(/第二十条/u);
    for (const citation of result.citations) {
      // Only K2, or K4 when the answer names the 12345 channel.
      const allowed = [kb.passages['K2']?.id];
      if (result.answer?.includes('12345')) allowed.push(kb.passages['K4']?.id);
      expect(allowed).toContain(citation.passageId);
    }
  });

  it('reports an unrelated question as not covered', async () => {
    const result = await answerQuestion(kb.store, '明天北京天气怎么样？', { synonyms });
    expect(result.status).toBe('not_covered');
    expect(result.citations).toEqual([]);
    expect(result.reasons[0]).toMatch(/threshold|no passage/u);
  });
});
