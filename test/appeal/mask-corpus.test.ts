import { describe, expect, test } from 'vitest';
import type { MaskKind } from '../../src/appeal/appeal.ts';
import { maskPersonalData } from '../../src/appeal/mask.ts';

/**
 * Hard cases for the masker: input, the field it sits in, the exact masked
 * output and the kinds of the spans. Phone, ID and card numbers here are
 * made up (IDs have valid check characters; 6200000000000005 is a public
 * UnionPay test number).
 */
interface Case {
  name: string;
  input: string;
  field?: string;
  expected: string;
  kinds: MaskKind[];
}

const unchanged = (name: string, input: string, field = 'body'): Case => ({
  name,
  input,
  field,
  expected: input,
  kinds: [],
});

const cases: Case[] = [
  {
    name: 'FC-09 line: only the phone and the card',
    input:
      '工单2405170001000007：来电人称设备编号5713912345678900的电梯困人，记录时间戳1715932800008，联系电话15800001234，退款请打到银行卡6200000000000005。',
    expected:
      '工单2405170001000007：来电人称设备编号5713912345678900的电梯困人，记录时间戳1715932800008，联系电话158****1234，退款请打到银行卡6200********0005。',
    kinds: ['mobile', 'bank_card'],
  },

  // mobile
  { name: 'bare mobile', input: '15800001234', expected: '158****1234', kinds: ['mobile'] },
  { name: 'mobile after text', input: '我的手机是13912345678请回电', expected: '我的手机是139****5678请回电', kinds: ['mobile'] },
  { name: 'mobile with dashes', input: '联系方式：158-0000-1234', expected: '联系方式：158-****-1234', kinds: ['mobile'] },
  { name: 'mobile with spaces', input: '手机 158 0000 1234 随时联系', expected: '手机 158 **** 1234 随时联系', kinds: ['mobile'] },
  { name: 'mobile with +86', input: '+8615800001234', expected: '+86158****1234', kinds: ['mobile'] },
  { name: 'mobile with 86', input: '电话8615800001234。', expected: '电话86158****1234。', kinds: ['mobile'] },
  { name: 'mobile with +86 and spaces', input: '+86 158 0000 1234', expected: '+86 158 **** 1234', kinds: ['mobile'] },
  { name: 'mobile with 0086', input: '0086 15800001234', expected: '0086 158****1234', kinds: ['mobile'] },
  { name: 'mobile with +86-dashes', input: 'tel:+86-158-0000-1234', expected: 'tel:+86-158-****-1234', kinds: ['mobile'] },
  { name: 'full-width mobile', input: '电话１５８００００１２３４', expected: '电话１５８****１２３４', kinds: ['mobile'] },
  { name: 'two mobiles', input: '15800001234或13912345678', expected: '158****1234或139****5678', kinds: ['mobile', 'mobile'] },
  { name: 'mobile between surrogate pairs', input: '𠮷15800001234𠮷', expected: '𠮷158****1234𠮷', kinds: ['mobile'] },
  { name: 'name with 𠮷 then phone', input: '吉𠮷电话15800001234', expected: '吉𠮷电话158****1234', kinds: ['mobile'] },
  unchanged('12 digits are not a mobile', '158000012345'),
  unchanged('mobile shape inside a longer run', '2158000012345'),
  unchanged('mobile placeholder 13000000000', '联系电话13000000000'),
  unchanged('mobile placeholder with dashes', '130-0000-0000'),

  // landline
  { name: 'landline without separator', input: '02088886666', expected: '020****6666', kinds: ['landline'] },
  { name: 'landline with area code 0731', input: '0731-88886666', expected: '0731-****6666', kinds: ['landline'] },
  { name: 'landline in parentheses', input: '(020)88886666', expected: '(020)****6666', kinds: ['landline'] },
  { name: 'landline with extension', input: '0731-88886666-801', expected: '0731-****6666-801', kinds: ['landline'] },
  { name: 'full-width landline', input: '人事科（０７３６-２２３３９０１２）', expected: '人事科（０７３６-****９０１２）', kinds: ['landline'] },
  { name: '7 digits after 座机', input: '座机：8888666', expected: '座机：***8666', kinds: ['landline'] },
  { name: '8 digits after 联系电话', input: '联系电话:88886666', expected: '联系电话:****6666', kinds: ['landline'] },
  { name: '8 digits after 联系方式', input: '联系方式 22334455。', expected: '联系方式 ****4455。', kinds: ['landline'] },
  unchanged('placeholder after keyword', '电话80000000'),
  unchanged('placeholder 0000-00000000', '电话0000-00000000'),
  unchanged('placeholder with area code', '请拨0731-0000-00000000咨询'),
  unchanged('area code with zero subscriber', '0731-00000000'),
  unchanged('5-digit hotline', '拨打12345热线反映'),
  unchanged('8 digits with no keyword', '编号88886666'),

  // ID cards
  { name: '18-digit ID', input: '身份证440304198506151018', expected: '身份证440304********1018', kinds: ['id_card'] },
  { name: 'ID ending in X', input: '身份证号码是11010519491231002X，', expected: '身份证号码是110105********002X，', kinds: ['id_card'] },
  { name: 'ID in 6-8-4 groups', input: '身份证号110105 19491231 002X', expected: '身份证号110105 ******** 002X', kinds: ['id_card'] },
  { name: 'ID in 6-4-4-4 groups with dashes', input: '证件110105-1949-1231-002X请核实', expected: '证件110105-****-****-002X请核实', kinds: ['id_card'] },
  unchanged('grouped digits with a wrong check digit', '编号110105 19491231 0021'),
  { name: 'ID ending in lower-case x', input: '11010519491231002x', expected: '110105********002x', kinds: ['id_card'] },
  { name: '15-digit old ID', input: '老身份证440304850615101', expected: '老身份证440304******101', kinds: ['id_card'] },
  unchanged('18 digits with a wrong check digit', '440304198506151019'),
  unchanged('18 digits with no valid date', '440304198513321016'),
  unchanged('ID placeholder ending in X', '证件号11010119000101000X'),
  unchanged('ID placeholder ending in 0', '110101190001010000'),
  { name: 'scientific ID in an ID column', input: '4.40304E+17', field: '身份证号', expected: '*.*****E+17', kinds: ['id_card'] },
  { name: 'damaged ID in an ID column', input: '440304198506151040', field: '身份证号', expected: '440304********1040', kinds: ['id_card'] },
  unchanged('scientific notation in free text', '数值4.40304E+17'),

  // bank cards
  { name: 'card after 银行卡号 in groups', input: '银行卡号：6200 0000 0000 0005', expected: '银行卡号：6200 **** **** 0005', kinds: ['bank_card'] },
  { name: 'card after 卡号', input: '卡号6200000000000005', expected: '卡号6200********0005', kinds: ['bank_card'] },
  { name: 'card after 信用卡', input: '信用卡4111111111111111被盗刷', expected: '信用卡4111********1111被盗刷', kinds: ['bank_card'] },
  { name: '19-digit card after 借记卡', input: '借记卡6222020200112233446', expected: '借记卡6222***********3446', kinds: ['bank_card'] },
  { name: 'card after 农行卡', input: '打到农行卡6200000000000005', expected: '打到农行卡6200********0005', kinds: ['bank_card'] },
  { name: '13-digit card after 账号', input: '账号：6217000000004', expected: '账号：6217*****0004', kinds: ['bank_card'] },
  { name: 'any run in a card column', input: '6200000000000006', field: '银行卡号', expected: '6200********0006', kinds: ['bank_card'] },
  unchanged('Luhn fails after 银行卡', '银行卡6200000000000006'),
  unchanged('Luhn passes without context', '6200000000000005'),
  unchanged('card word in an earlier clause', '银行卡已挂失，工单号2405170001000007'),
  unchanged('reference word after the card word', '银行卡业务工单2405170001000007'),

  // e-mail
  { name: 'e-mail', input: '邮箱zhang.san@example.com', expected: '邮箱z********@example.com', kinds: ['email'] },
  { name: 'QQ e-mail', input: '联系邮箱123456789@qq.com。', expected: '联系邮箱1********@qq.com。', kinds: ['email'] },
  unchanged('organisers’ URL placeholder', '期中https://baidu.com/公里'),
  unchanged('plain URL', 'https://baidu.com/'),

  // plates
  { name: 'new-energy plate with D', input: '沪AD12345新能源车长期占用', expected: '沪A******新能源车长期占用', kinds: ['plate'] },
  { name: 'new-energy plate with A', input: '苏AA12345（新号段）', expected: '苏A******（新号段）', kinds: ['plate'] },
  { name: 'large new-energy plate', input: '粤B12345D货车夜间鸣笛', expected: '粤B******货车夜间鸣笛', kinds: ['plate'] },
  { name: 'plate with a space', input: '京A 12345和', expected: '京A *****和', kinds: ['plate'] },
  { name: 'plate with a middle dot', input: '苏A·DF1234写法', expected: '苏A·******写法', kinds: ['plate'] },
  { name: 'classic plate', input: '车牌湘A12345', expected: '车牌湘A*****', kinds: ['plate'] },
  { name: 'trailer plate', input: '鄂AP185挂', expected: '鄂A****挂', kinds: ['plate'] },
  unchanged('too long for a plate', '编号宁AD1234555555不是车牌'),
  unchanged('four characters then 号', '新A1234号'),
  unchanged('plate letters without digits', '京ABCDE'),

  // numbers that are not personal data
  unchanged('ISO date', '2019-05-17'),
  unchanged('compact date', '20190517'),
  unchanged('Chinese date and time', '2019年5月17日15:30'),
  unchanged('amount in yuan', '押金1500元'),
  unchanged('amount with separators', '共计3,000.50元'),
  unchanged('house number 弄', '西藏北路88弄5号'),
  unchanged('flat number', '3栋2单元1202'),
  unchanged('work-order number', '工单2405170001000007'),
  unchanged('device serial', '设备编号5713912345678900'),
  unchanged('epoch milliseconds', '时间戳1715932800008'),
  unchanged('order number of 14 digits', '订单号20240517123456'),
  unchanged('runs of *', '来电号码************'),
  unchanged('masked already', '158****1234'),
  unchanged('QQ number is not a kind', 'QQ号123456789'),

  // phone columns
  { name: '10-digit phone in a caller column', input: '2088886666', field: 'caller', expected: '208***6666', kinds: ['landline'] },
  { name: 'mobile in a caller column', input: '15800001234', field: 'caller', expected: '158****1234', kinds: ['mobile'] },
  { name: 'scientific phone in a caller column', input: '1.58E+10', field: 'caller', expected: '*.**E+10', kinds: ['mobile'] },
  { name: '7 digits in a 联系电话 column', input: '8888666', field: '联系电话', expected: '***8666', kinds: ['landline'] },
  unchanged('pseudonym in a caller column', 'u12346696', 'caller'),
  unchanged('placeholder in a caller column', '0000-00000000', 'caller'),

  // several kinds at once
  {
    name: 'phone, e-mail and plate in one line',
    input: '张先生15800001234，邮箱zs@example.com，车牌沪AD12345',
    expected: '张先生158****1234，邮箱z*@example.com，车牌沪A******',
    kinds: ['mobile', 'email', 'plate'],
  },
];

describe('maskPersonalData corpus', () => {
  test('has more than 60 cases', () => {
    expect(cases.length).toBeGreaterThan(60);
  });

  test.each(cases)('$name', ({ input, field = 'body', expected, kinds }) => {
    const result = maskPersonalData(input, field);

    expect(result.text).toBe(expected);
    expect(result.spans.map((span) => span.kind)).toEqual(kinds);
  });

  test.each(cases)('$name keeps length and offsets', ({ input, field = 'body' }) => {
    const result = maskPersonalData(input, field);

    expect(result.text.length).toBe(input.length);
    const inSpan = (i: number): boolean =>
      result.spans.some((span) => span.start <= i && i < span.end);
    for (let i = 0; i < input.length; i += 1) {
      if (!inSpan(i)) expect(result.text[i]).toBe(input[i]);
    }
    for (const span of result.spans) {
      expect(span.field).toBe(field);
      expect(result.text.slice(span.start, span.end)).toContain('*');
    }
    expect(result.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(result.text).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
