import { describe, expect, test } from 'vitest';
import type { AppealSource } from '../../src/appeal/appeal.ts';
import {
  appealFromFields,
  contentHash,
  normalizeTime,
  numberToText,
  type AppealResult,
} from '../../src/appeal/normalize.ts';

const source: AppealSource = { kind: 'api', name: 'web-form', row: 0 };

function appealOf(result: AppealResult) {
  if (!result.success) throw new Error(`expected an appeal, got: ${result.reject.reason}`);
  return result.appeal;
}

function rejectOf(result: AppealResult) {
  if (result.success) throw new Error('expected a reject');
  return result.reject;
}

describe('normalizeTime', () => {
  test.each([
    ['2019/4/25 9:32:09', '2019-04-25T09:32:09'],
    ['2019-04-25 09:32:09', '2019-04-25T09:32:09'],
    ['2019-04-25T09:32:09', '2019-04-25T09:32:09'],
    ['2019-04-25 09:32', '2019-04-25T09:32:00'],
    ['2019-04-25', '2019-04-25T00:00:00'],
    ['2019.4.5', '2019-04-05T00:00:00'],
    ['2019年4月25日 9时32分', '2019-04-25T09:32:00'],
    ['2019年4月25日', '2019-04-25T00:00:00'],
    ['20190425', '2019-04-25T00:00:00'],
    ['20190425093209', '2019-04-25T09:32:09'],
    ['43580', '2019-04-25T00:00:00'],
    ['43580.397326', '2019-04-25T09:32:09'],
    ['2019-04-25T01:32:09Z', '2019-04-25T09:32:09'],
    ['2019-04-25T09:32:09+08:00', '2019-04-25T09:32:09'],
    ['1556155929', '2019-04-25T09:32:09'],
    ['1556155929000', '2019-04-25T09:32:09'],
    ['２０１９－０４－２５ ０９：３２：０９', '2019-04-25T09:32:09'],
  ])('reads %s', (input, expected) => {
    expect(normalizeTime(input)).toBe(expected);
  });

  test.each(['昨天下午', '2019-02-30', '2019-13-01', '25:00', '2019', '12345', '2019-04-25 24:00'])(
    'returns null for %s',
    (input) => {
      expect(normalizeTime(input)).toBeNull();
    },
  );
});

describe('numberToText', () => {
  test('writes numbers without inventing digits', () => {
    expect(numberToText(24051700001)).toBe('24051700001');
    expect(numberToText(440304198506151018)).toBe('4.4030419850615104E+17');
    expect(numberToText(0.1 + 0.2)).toBe('0.3');
  });
});

describe('contentHash', () => {
  test('is sha256 hex over NFKC text with white space collapsed', () => {
    expect(contentHash('小区 停水', 'Ａ\t\tb ')).toBe(contentHash('小区 停水', 'A b'));
    expect(contentHash('a', 'b')).toMatch(/^[0-9a-f]{64}$/);
  });

  test('separates title and body', () => {
    expect(contentHash('ab', 'c')).not.toBe(contentHash('a', 'bc'));
  });
});

describe('appealFromFields', () => {
  test('rejects undecodable bytes', () => {
    const result = appealFromFields({ title: '夜间\uFFFD\uFFFD扰民', body: '噪音' }, source);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.reject.code).toBe('undecodable');
    expect(result.reject.reason).toMatch(/title has bytes that do not decode.*pass --encoding/);
  });

  test('builds a masked appeal from a JSON body', () => {
    const appeal = appealOf(
      appealFromFields(
        {
          externalId: '24051700001',
          title: '  小区停水 ',
          body: '联系电话15800001234，邮箱zs@example.com',
          receivedAt: '2019/4/25 9:32:09',
          caller: '15800001234',
          recordedCategory: '城乡建设',
          extra: { 地址: '锦绣路1号', 备注: '', 车牌: '湘A12345' },
        },
        source,
      ),
    );

    expect(appeal).toMatchObject({
      externalId: '24051700001',
      title: '小区停水',
      body: '联系电话158****1234，邮箱z*@example.com',
      receivedAt: '2019-04-25T09:32:09',
      caller: '158****1234',
      recordedCategory: '城乡建设',
      extra: { 地址: '锦绣路1号', 车牌: '湘A*****' },
      source,
      warnings: [],
    });
    expect(appeal.maskSpans.map((span) => `${span.field}:${span.kind}`)).toEqual([
      'body:mobile',
      'body:email',
      'caller:mobile',
      '车牌:plate',
    ]);
    expect(appeal.contentHash).toBe(contentHash(appeal.title, appeal.body));
  });

  test('keeps identifiers exact and flags damaged ones without expanding them', () => {
    const appeal = appealOf(
      appealFromFields(
        {
          externalId: '2.40517E+10',
          caller: '2088886666',
          body: '楼道灯不亮',
          extra: { 身份证号: '4.40304E+17' },
        },
        source,
        { columns: { externalId: '工单编号', caller: '来电号码', body: '诉求内容' } },
      ),
    );

    expect(appeal.externalId).toBe('2.40517E+10');
    expect(appeal.caller).toBe('208***6666');
    expect(appeal.extra['身份证号']).toBe('*.*****E+17');
    expect(appeal.warnings).toEqual([
      '工单编号: scientific notation, digits lost',
      '来电号码: 10 digits, leading 0 probably lost',
      '身份证号: scientific notation, digits lost',
    ]);
    expect(JSON.stringify(appeal)).not.toContain('440304000000000000');
  });

  test('keeps numbers from JSON as text and flags unsafe integers', () => {
    const appeal = appealOf(
      appealFromFields({ externalId: 24051700001, body: '停水', extra: { 序号: 2 ** 60 } }, source),
    );

    expect(appeal.externalId).toBe('24051700001');
    expect(appeal.warnings).toEqual(['序号: number beyond 2^53, digits may be lost; send it as a string']);
  });

  test('keeps an unparseable time as a warning, the raw value in extra', () => {
    const appeal = appealOf(
      appealFromFields({ body: '停水', receivedAt: '昨天下午' }, source, {
        columns: { receivedAt: '来电时间' },
      }),
    );

    expect(appeal.receivedAt).toBeNull();
    expect(appeal.extra['来电时间']).toBe('昨天下午');
    expect(appeal.warnings).toEqual(['来电时间: unparseable time, kept in extra']);
  });

  test('rejects empty title and body', () => {
    const reject = rejectOf(
      appealFromFields({ title: ' ', body: null }, { kind: 'file', name: 'a.csv', row: 7 }, { line: 9 }),
    );

    expect(reject).toEqual({
      file: 'a.csv',
      row: 7,
      reason: 'empty title and body',
      code: 'empty_record',
      line: 9,
    });
  });

  test('rejects a row with only segmented tokens', () => {
    const reject = rejectOf(appealFromFields({ title: null, extra: { tokens: '小区 停水' } }, source));

    expect(reject.code).toBe('tokens_only');
    expect(reject.reason).toMatch(/no raw text, only segmented tokens/);
  });

  test('rejects an oversized body, naming the size and the option', () => {
    const reject = rejectOf(appealFromFields({ body: '长'.repeat(31) }, source, { maxBodyChars: 30 }));

    expect(reject.code).toBe('oversized');
    expect(reject.reason).toBe('oversized: the body has 31 characters, the limit is 30. Fix: split the text into separate appeals or shorten it');
  });

  test('accepts a body of exactly the limit', () => {
    expect(appealFromFields({ body: '长'.repeat(30) }, source, { maxBodyChars: 30 }).success).toBe(true);
  });

  test('masks phone, ID and card columns in extra by their header', () => {
    const appeal = appealOf(
      appealFromFields(
        {
          body: '停水',
          extra: { 联系电话: '0731-88886666', 身份证号码: '440304198506151040', 银行卡号: '6200000000000006' },
        },
        source,
      ),
    );

    expect(appeal.extra).toEqual({
      联系电话: '0731-****6666',
      身份证号码: '440304********1040',
      银行卡号: '6200********0006',
    });
  });
});
