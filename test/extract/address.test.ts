import { describe, expect, it } from 'vitest';
import { extractAddressElements } from '../../src/extract/address.ts';

function kindsAndTexts(text: string): [string, string][] {
  return extractAddressElements(text).map((element) => [
    element.kind,
    element.text,
  ]);
}

describe('extractAddressElements', () => {
  it('finds a road after a district', () => {
    expect(kindsAndTexts('座落在A市A3区联丰路米兰春天G2栋320')).toEqual([
      ['road', '联丰路'],
      ['building', 'G2栋'],
    ]);
  });

  it('does not read 路灯 as a road', () => {
    expect(kindsAndTexts('小区门口路灯不亮')).toEqual([]);
    expect(kindsAndTexts('麓山路阳光小区门口的路灯坏了')).toEqual([
      ['road', '麓山路'],
      ['estate', '阳光小区'],
    ]);
  });

  it('splits a road, an estate and a block', () => {
    expect(kindsAndTexts('新疆伊宁市解放路杭州城小区西湖苑')).toEqual([
      ['road', '解放路'],
      ['estate', '杭州城小区'],
      ['estate', '西湖苑'],
    ]);
  });

  it('joins building, unit and room', () => {
    const text = '住在芙蓉中路二段的万科花园3栋2单元501室';
    expect(kindsAndTexts(text)).toEqual([
      ['road', '芙蓉中路'],
      ['estate', '万科花园'],
      ['building', '3栋2单元501室'],
    ]);
  });

  it('finds a village but not 村民', () => {
    expect(kindsAndTexts('本人系春华镇金鼎村七里组村民')).toEqual([
      ['community', '金鼎村'],
    ]);
  });

  it('finds communities and landmarks', () => {
    expect(kindsAndTexts('在东塘社区门口的长沙市第一医院旁边')).toEqual([
      ['community', '东塘社区'],
      ['landmark', '第一医院'],
    ]);
  });

  it('skips everyday words', () => {
    expect(kindsAndTexts('这条马路坏了，修路很久，小区门口')).toEqual([]);
  });

  it('keeps offsets into Traditional text', () => {
    const text = '廣東省佛山市順德區河北街8號';
    const [road] = extractAddressElements(text);
    expect(road?.text).toBe('河北街');
    expect(text.slice(road?.start, road?.end)).toBe('河北街');
  });

  it('returns nothing for empty text', () => {
    expect(extractAddressElements('')).toEqual([]);
  });
});
