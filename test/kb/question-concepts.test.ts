import { describe, expect, it } from 'vitest';
import {
  conceptSearchWords,
  questionConcepts,
} from '../../src/kb/question-concepts.ts';
import { removeQuantities } from '../../src/kb/quantities.ts';
import { loadSynonyms, termOccurs } from '../../src/kb/synonyms.ts';

const synonyms = loadSynonyms();

describe('removeQuantities', () => {
  it('blanks time spans, digits and articles', () => {
    const text = '拖欠工资三个月，共2万元，依据第三十条';
    const rest = removeQuantities(text);
    expect(rest).toHaveLength(text.length);
    expect(rest).not.toMatch(/三个月|2万元|第三十条/u);
    expect(rest).toMatch(/^拖欠工资/u);
  });
});

describe('questionConcepts', () => {
  it('drops numbers and question words', () => {
    const concepts = questionConcepts('公司拖欠工资三个月了怎么办？', synonyms);
    const sources = concepts.map((concept) => concept.source);
    expect(sources).toEqual(['公司', '拖欠工资']);
    const words = conceptSearchWords(concepts);
    expect(words).not.toContain('三个月');
    expect(words).not.toContain('怎么办');
  });

  it('expands a colloquial word to legal wording', () => {
    const [concept] = questionConcepts('欠薪', synonyms);
    expect(concept?.alternatives).toContain('拖欠+劳动报酬');
    const law = '用人单位拖欠或者未足额支付劳动报酬的，劳动者可以申请支付令。';
    expect(
      concept?.alternatives.some((term) => termOccurs(term, law)),
    ).toBe(true);
  });

  it('keeps one concept per synonym group', () => {
    const concepts = questionConcepts('噪音噪声扰民', synonyms);
    const noise = concepts.filter((concept) =>
      concept.alternatives.includes('噪声'),
    );
    expect(noise).toHaveLength(1);
  });
});

describe('termOccurs', () => {
  it('needs every part of a compound', () => {
    expect(termOccurs('拖欠+工资', '无故拖欠劳动者的工资')).toBe(true);
    expect(termOccurs('拖欠+工资', '拖欠工程款')).toBe(false);
    expect(termOccurs('工资', '工资支付')).toBe(true);
  });
});
