import { describe, expect, test } from 'vitest';
import {
  cleanHeader,
  describeHeaders,
  normalizeHeaderKey,
  resolveHeaderMapping,
  uniqueHeaders,
} from '../../src/appeal/header-map.ts';
import { InputFileError, InvalidArgumentError } from '../../src/errors/index.ts';

describe('cleanHeader', () => {
  test('drops a BOM, quotes and outer spaces', () => {
    expect(cleanHeader('\uFEFF"工单编号"')).toBe('工单编号');
    expect(cleanHeader('"\uFEFF工单编号"')).toBe('工单编号');
    expect(cleanHeader('  “诉求内容”\u3000')).toBe('诉求内容');
  });
});

describe('normalizeHeaderKey', () => {
  test('folds case, spaces, _ and - for English headers', () => {
    expect(normalizeHeaderKey(' Created-At ')).toBe('createdat');
    expect(normalizeHeaderKey('TICKET_ID')).toBe('ticketid');
  });
});

describe('uniqueHeaders', () => {
  test('names empty headers by position and numbers repeats', () => {
    expect(uniqueHeaders(['备注', '', '备注', '备注'])).toEqual([
      '备注',
      'column_2',
      '备注_2',
      '备注_3',
    ]);
  });
});

describe('resolveHeaderMapping', () => {
  test('maps the 12345 export headers', () => {
    const mapping = resolveHeaderMapping([
      '留言编号',
      '留言用户',
      '留言主题',
      '留言时间',
      '留言详情',
      '一级标签',
      '地址',
    ]);

    expect(mapping.fields).toEqual({
      externalId: '留言编号',
      caller: '留言用户',
      title: '留言主题',
      receivedAt: '留言时间',
      body: '留言详情',
      recordedCategory: '一级标签',
    });
    expect(mapping.extra).toEqual(['地址']);
  });

  test.each([
    [['工单编号', '来电号码', '诉求内容', '受理时间', '分类'], { externalId: '工单编号', caller: '来电号码', body: '诉求内容', receivedAt: '受理时间', recordedCategory: '分类' }],
    [['编号', '来电人', '标题', '内容', '时间', '类别'], { externalId: '编号', caller: '来电人', title: '标题', body: '内容', receivedAt: '时间', recordedCategory: '类别' }],
    [['ID', 'Phone', 'Subject', 'Description', 'Date', 'Label'], { externalId: 'ID', caller: 'Phone', title: 'Subject', body: 'Description', receivedAt: 'Date', recordedCategory: 'Label' }],
    [['Ticket_ID', 'Caller', 'Title', 'Content', 'Created_At', 'Category'], { externalId: 'Ticket_ID', caller: 'Caller', title: 'Title', body: 'Content', receivedAt: 'Created_At', recordedCategory: 'Category' }],
    [['主题', '详情', '联系电话', '一级分类'], { title: '主题', body: '详情', caller: '联系电话', recordedCategory: '一级分类' }],
  ])('maps synonyms %j', (headers, expected) => {
    expect(resolveHeaderMapping(headers).fields).toEqual(expected);
  });

  test('prefers the more specific synonym', () => {
    const mapping = resolveHeaderMapping(['时间', '内容', '留言时间']);

    expect(mapping.fields.receivedAt).toBe('留言时间');
    expect(mapping.extra).toEqual(['时间']);
  });

  test('does not guess from substrings', () => {
    const mapping = resolveHeaderMapping(['诉求内容', '答复时间']);

    expect(mapping.fields.receivedAt).toBeUndefined();
    expect(mapping.extra).toEqual(['答复时间']);
  });

  test('maps the teddy JSON keys, with text as the body fallback', () => {
    const mapping = resolveHeaderMapping([
      'idx', 'id', 'user', 'title', 'body', 'text', 'time', 'label', 'tokens',
      'text_source', 'match_score', 'xref', 'dup_group',
    ]);

    expect(mapping.fields).toEqual({
      externalId: 'id',
      caller: 'user',
      title: 'title',
      body: 'body',
      receivedAt: 'time',
      recordedCategory: 'label',
    });
    expect(mapping.bodyFallbacks).toEqual(['text']);
    expect(mapping.extra).toEqual(['idx', 'tokens', 'text_source', 'match_score', 'xref', 'dup_group']);
  });

  test('takes text as the body when there is no body column', () => {
    expect(resolveHeaderMapping(['text', 'label']).fields.body).toBe('text');
  });

  test('an override wins and the displaced column goes to extra', () => {
    const mapping = resolveHeaderMapping(['内容', '诉求描述X', '备注'], { body: '诉求描述X' });

    expect(mapping.fields.body).toBe('诉求描述X');
    expect(mapping.extra).toEqual(['内容', '备注']);
  });

  test('an override matches a header loosely by key', () => {
    expect(resolveHeaderMapping(['Ticket Text'], { body: 'ticket_text' }).fields.body).toBe(
      'Ticket Text',
    );
  });

  test('an override naming a missing column names it, the headers and the fix', () => {
    const call = () => resolveHeaderMapping(['工单编号', '诉求内容'], { title: '标题栏' }, 'calls.csv');

    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(
      /headerMap\.title names the column "标题栏", which is not in calls\.csv\. Headers found: 工单编号, 诉求内容\. Fix: .*--map title=<column>/,
    );
  });

  test('an override naming an unknown field lists the fields', () => {
    const overrides = { bodi: '内容' } as unknown as Record<'body', string>;

    expect(() => resolveHeaderMapping(['内容'], overrides)).toThrow(
      /field "bodi".*Fields: title, body, receivedAt/,
    );
  });

  test('no title and no body column is a file error listing the headers and the fix', () => {
    const call = () => resolveHeaderMapping(['ticket_id', 'category'], {}, 'gbk.csv');

    expect(call).toThrow(InputFileError);
    expect(call).toThrow(/gbk\.csv has no title or body column\. Headers found: ticket_id, category\..*--map body=<column>/);
  });
});

describe('describeHeaders', () => {
  test('masks personal data that sits where headers should be', () => {
    expect(describeHeaders(['15800001234', '小区停水'])).toBe('158****1234, 小区停水');
  });
});
