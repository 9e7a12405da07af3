import { describe, expect, test } from 'vitest';
import {
  columnContext,
  hasValidIdCheckDigit,
  isScientificNotation,
  maskPersonalData,
  passesLuhn,
} from '../../src/appeal/mask.ts';

describe('columnContext', () => {
  test.each([
    ['身份证号', 'id_card'],
    ['证件号码', 'id_card'],
    ['id_card', 'id_card'],
    ['银行卡号', 'bank_card'],
    ['退款账户', 'bank_card'],
    ['caller', 'phone'],
    ['联系电话', 'phone'],
    ['手机', 'phone'],
    ['来电号码', 'phone'],
    ['Tel_No', 'phone'],
    ['工单号码', 'none'],
    ['车牌号码', 'none'],
    ['Hotel', 'none'],
    ['body', 'none'],
  ])('%s is %s', (field, context) => {
    expect(columnContext(field)).toBe(context);
  });
});

describe('checks', () => {
  test('passesLuhn', () => {
    expect(passesLuhn('6200000000000005')).toBe(true);
    expect(passesLuhn('6200000000000006')).toBe(false);
  });

  test('hasValidIdCheckDigit', () => {
    expect(hasValidIdCheckDigit('440304198506151018')).toBe(true);
    expect(hasValidIdCheckDigit('11010519491231002X')).toBe(true);
    expect(hasValidIdCheckDigit('440304198506151019')).toBe(false);
    expect(hasValidIdCheckDigit('44030419850615101')).toBe(false);
  });

  test('isScientificNotation', () => {
    expect(isScientificNotation('4.40304E+17')).toBe(true);
    expect(isScientificNotation(' 2.40517e10 ')).toBe(true);
    expect(isScientificNotation('440304198506151018')).toBe(false);
    expect(isScientificNotation('E+17')).toBe(false);
  });
});

describe('maskPersonalData', () => {
  test('spans point at the same characters in both texts', () => {
    const input = '王𠮷说：电话15800001234，身份证440304198506151018';

    const { text, spans } = maskPersonalData(input, 'body');

    expect(spans).toEqual([
      { kind: 'mobile', field: 'body', start: 7, end: 18 },
      { kind: 'id_card', field: 'body', start: 22, end: 40 },
    ]);
    expect(input.slice(7, 18)).toBe('15800001234');
    expect(text.slice(7, 18)).toBe('158****1234');
    expect(text.slice(22, 40)).toBe('440304********1018');
  });

  test('an ID wins over a card reading of the same digits', () => {
    const { spans } = maskPersonalData('银行卡440304198506151018', 'body');

    expect(spans.map((span) => span.kind)).toEqual(['id_card']);
  });

  test('returns the same string when nothing is found', () => {
    const input = '小区停水三天，物业不作为';

    expect(maskPersonalData(input, 'body')).toEqual({ text: input, spans: [] });
  });

  test('handles the empty string', () => {
    expect(maskPersonalData('', 'caller')).toEqual({ text: '', spans: [] });
  });

  test('masks every phone in a long text', () => {
    const input = Array.from({ length: 300 }, (_, i) => `第${i}户电话1580000${String(i + 1).padStart(4, '0')}；`).join('');

    const { text, spans } = maskPersonalData(input, 'body');

    expect(spans).toHaveLength(300);
    expect(text).not.toMatch(/1580000\d{4}/);
    expect(text.length).toBe(input.length);
  });
});
