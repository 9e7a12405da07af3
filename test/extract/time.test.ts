import { describe, expect, it } from 'vitest';
import { extractTimes } from '../../src/extract/time.ts';
import { parseChineseNumber } from '../../src/extract/chinese-number.ts';
import { addMonths, formatLocal } from '../../src/extract/local-clock.ts';

/** Friday 2024-05-17 16:00 in China Standard Time. */
const now = new Date('2024-05-17T16:00:00+08:00');

function only(text: string) {
  const elements = extractTimes(text, { now });
  expect(elements).toHaveLength(1);
  return elements[0] as NonNullable<(typeof elements)[0]>;
}

describe('extractTimes field cases', () => {
  it('reads 本周一 as this Monday', () => {
    const element = only('本周一开始停水');
    expect(element.text).toBe('本周一');
    expect(element.from).toBe('2024-05-13T00:00:00');
    expect(element.to).toBe('2024-05-14T00:00:00');
    expect(element.relative).toBe(true);
  });

  it('reads 这周三 in the current week', () => {
    expect(only('这周三物业说来修').from).toBe('2024-05-15T00:00:00');
  });

  it('reads 晚上10点 on the same day', () => {
    const element = only('晚上10点后工地还在打桩');
    expect(element.from).toBe('2024-05-17T22:00:00');
    expect(element.to).toBeNull();
  });

  it('keeps the 一 of 下礼拜一再', () => {
    const element = only('下礼拜一再来看看');
    expect(element.text).toBe('下礼拜一');
    expect(element.from).toBe('2024-05-20T00:00:00');
  });

  it('reads 下星期 as next week', () => {
    const element = only('下星期会有人联系');
    expect(element.from).toBe('2024-05-20T00:00:00');
    expect(element.to).toBe('2024-05-27T00:00:00');
  });

  it('resolves both range ends from now', () => {
    const element = only('下周一到下下周一封路施工');
    expect(element.text).toBe('下周一到下下周一');
    expect(element.from).toBe('2024-05-20T00:00:00');
    // The range includes the whole of Monday 2024-05-27.
    expect(element.to).toBe('2024-05-28T00:00:00');
  });
});

describe('extractTimes absolute forms', () => {
  const cases: [string, string, string | null][] = [
    ['2019年5月', '2019-05-01T00:00:00', '2019-06-01T00:00:00'],
    ['2019年5月17日', '2019-05-17T00:00:00', '2019-05-18T00:00:00'],
    ['5月17日', '2024-05-17T00:00:00', '2024-05-18T00:00:00'],
    ['2019-05-17', '2019-05-17T00:00:00', '2019-05-18T00:00:00'],
    ['2019/5/17 9:30', '2019-05-17T09:30:00', null],
    ['下午3点半', '2024-05-17T15:30:00', null],
    ['二〇一九年五月十七日', '2019-05-17T00:00:00', '2019-05-18T00:00:00'],
    ['十二月三十日', '2023-12-30T00:00:00', '2023-12-31T00:00:00'],
    ['5月17日至19日', '2024-05-17T00:00:00', '2024-05-20T00:00:00'],
    ['下午3点到5点', '2024-05-17T15:00:00', '2024-05-17T17:00:00'],
    ['凌晨12点', '2024-05-17T00:00:00', null],
    ['晚上12点', '2024-05-18T00:00:00', null],
    ['中午1点', '2024-05-17T13:00:00', null],
    ['2020年2月29日', '2020-02-29T00:00:00', '2020-03-01T00:00:00'],
  ];
  for (const [text, from, to] of cases) {
    it(`resolves ${text}`, () => {
      const element = only(text);
      expect(element.text).toBe(text);
      expect(element.from).toBe(from);
      expect(element.to).toBe(to);
    });
  }

  it('marks explicit years absolute', () => {
    expect(only('2019年5月17日').relative).toBe(false);
    expect(only('5月17日').relative).toBe(true);
  });
});

describe('extractTimes relative forms', () => {
  const cases: [string, string, string | null][] = [
    ['今天', '2024-05-17T00:00:00', '2024-05-18T00:00:00'],
    ['昨天', '2024-05-16T00:00:00', '2024-05-17T00:00:00'],
    ['前天', '2024-05-15T00:00:00', '2024-05-16T00:00:00'],
    ['昨天晚上', '2024-05-16T18:00:00', '2024-05-17T00:00:00'],
    ['昨晚11点', '2024-05-16T23:00:00', null],
    ['上周三', '2024-05-08T00:00:00', '2024-05-09T00:00:00'],
    ['周六', '2024-05-18T00:00:00', '2024-05-19T00:00:00'],
    ['星期天', '2024-05-19T00:00:00', '2024-05-20T00:00:00'],
    ['下周一', '2024-05-20T00:00:00', '2024-05-21T00:00:00'],
    ['下下周一', '2024-05-27T00:00:00', '2024-05-28T00:00:00'],
    ['三天前', '2024-05-14T00:00:00', '2024-05-15T00:00:00'],
    ['两周前', '2024-05-03T00:00:00', '2024-05-04T00:00:00'],
    ['半个月前', '2024-05-02T00:00:00', '2024-05-03T00:00:00'],
    ['三个月来', '2024-02-17T00:00:00', '2024-05-17T16:00:00'],
    ['近半年', '2023-11-17T00:00:00', '2024-05-17T16:00:00'],
    ['最近二十三天', '2024-04-24T00:00:00', '2024-05-17T16:00:00'],
    ['去年', '2023-01-01T00:00:00', '2024-01-01T00:00:00'],
    ['去年5月', '2023-05-01T00:00:00', '2023-06-01T00:00:00'],
    ['上个月15号', '2024-04-15T00:00:00', '2024-04-16T00:00:00'],
    ['周末', '2024-05-18T00:00:00', '2024-05-20T00:00:00'],
  ];
  for (const [text, from, to] of cases) {
    it(`resolves ${text}`, () => {
      const element = only(text);
      expect(element.text).toBe(text);
      expect(element.from).toBe(from);
      expect(element.to).toBe(to);
      expect(element.relative).toBe(true);
    });
  }

  it('reads 上周一直 as last week', () => {
    const element = only('上周一直停水');
    expect(element.text).toBe('上周');
    expect(element.from).toBe('2024-05-06T00:00:00');
  });

  it('folds Traditional forms', () => {
    expect(only('下週一').from).toBe('2024-05-20T00:00:00');
  });

  it('keeps offsets into the text', () => {
    const text = '反映：昨天晚上10点后还在施工，三天前也是';
    const elements = extractTimes(text, { now });
    expect(elements.map((e) => text.slice(e.start, e.end))).toEqual([
      '昨天晚上10点',
      '三天前',
    ]);
    expect(elements[0]?.from).toBe('2024-05-16T22:00:00');
  });
});

describe('extractTimes rejections', () => {
  const texts = [
    '2月30日',
    '停水三天了',
    '好一点',
    '第3点意见',
    '电话13812345678',
    '周边环境差',
    '晚上很吵',
    '13月5日',
    '25点',
  ];
  for (const text of texts) {
    it(`finds nothing in ${text}`, () => {
      expect(extractTimes(text, { now })).toEqual([]);
    });
  }

  it('never resolves to 1970', () => {
    const text = '0年0月0日 00:00 1970 0点';
    for (const element of extractTimes(text, { now })) {
      expect(element.from?.startsWith('1970')).toBe(false);
    }
  });
});

describe('time helpers', () => {
  it('parses Chinese numerals', () => {
    expect(parseChineseNumber('二十三')).toBe(23);
    expect(parseChineseNumber('十')).toBe(10);
    expect(parseChineseNumber('十七')).toBe(17);
    expect(parseChineseNumber('两')).toBe(2);
    expect(parseChineseNumber('一百零五')).toBe(105);
    expect(parseChineseNumber('二〇一九')).toBe(2019);
    expect(parseChineseNumber('17')).toBe(17);
    expect(parseChineseNumber('十x')).toBeNull();
    expect(parseChineseNumber('')).toBeNull();
  });

  it('clamps month arithmetic', () => {
    const march31 = Date.UTC(2024, 2, 31, 10);
    expect(formatLocal(addMonths(march31, -1))).toBe('2024-02-29T10:00:00');
  });
});
