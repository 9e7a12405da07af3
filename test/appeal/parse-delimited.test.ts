import { describe, expect, test } from 'vitest';
import {
  parseDelimited,
  sniffDelimiter,
  type DelimitedRecord,
} from '../../src/appeal/parse-delimited.ts';

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function parse(
  text: string,
  options: { delimiter?: string; chunk?: number; maxRecordChars?: number } = {},
): Promise<DelimitedRecord[]> {
  const records: DelimitedRecord[] = [];
  const { delimiter = ',', chunk = 1 << 16, maxRecordChars } = options;
  for await (const record of parseDelimited(pieces(text, chunk), {
    delimiter,
    ...(maxRecordChars === undefined ? {} : { maxRecordChars }),
  })) {
    records.push(record);
  }
  return records;
}

const framing =
  '工单编号,诉求内容,地址\r\n' +
  '24051700001,"楼上卫生间漏水\r\n已协商两次无果",锦绣路1号\r\n' +
  '24051700002,物业说"马上修"结果没人来,锦绣路2号\r\n' +
  '24051700003,噪音扰民,锦绣路3号\r\n';

describe('parseDelimited', () => {
  test('FC-02: in-cell line breaks and bare quotes give 3 records', async () => {
    const records = await parse(framing);

    expect(records.map((record) => record.cells)).toEqual([
      ['工单编号', '诉求内容', '地址'],
      ['24051700001', '楼上卫生间漏水\n已协商两次无果', '锦绣路1号'],
      ['24051700002', '物业说"马上修"结果没人来', '锦绣路2号'],
      ['24051700003', '噪音扰民', '锦绣路3号'],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 4, 5]);
  });

  test.each([1, 2, 3, 7, 16])('gives the same records in chunks of %i', async (chunk) => {
    expect(await parse(framing, { chunk })).toEqual(await parse(framing));
  });

  test('reads doubled quotes inside a quoted cell', async () => {
    const records = await parse('a,b\n1,"他说""马上修"""\n');

    expect(records[1]!.cells).toEqual(['1', '他说"马上修"']);
  });

  test('keeps a quoted part followed by text as written', async () => {
    const records = await parse('a,b,c\n1,"马上修"结果没人来,x\n');

    expect(records[1]!.cells).toEqual(['1', '"马上修"结果没人来', 'x']);
  });

  test('a stray opening quote does not swallow the next lines', async () => {
    const text = 'a,b,c\n1,"楼道灯不亮,x\n2,噪音,"锦绣路"2号\n3,停水,y\n';

    const records = await parse(text);

    expect(records.map((record) => record.cells)).toEqual([
      ['a', 'b', 'c'],
      ['1', '"楼道灯不亮', 'x'],
      ['2', '噪音', '"锦绣路"2号'],
      ['3', '停水', 'y'],
    ]);
  });

  test('a quote that never closes is read as text, with a problem noted', async () => {
    const records = await parse('a,b\n1,"漏水\n2,停水\n');

    expect(records.map((record) => record.cells)).toEqual([
      ['a', 'b'],
      ['1', '"漏水'],
      ['2', '停水'],
    ]);
    expect(records[1]!.problem).toMatch(/never closes/);
    expect(records[2]!.problem).toBeUndefined();
  });

  test('gives up on a quoted record longer than maxRecordChars', async () => {
    const text = `a,b\n1,"${'长'.repeat(50)}\n2,停水\n`;

    const records = await parse(text, { chunk: 8, maxRecordChars: 20 });

    expect(records.map((record) => record.cells[0])).toEqual(['a', '1', '2']);
    expect(records[1]!.problem).toMatch(/never closes/);
  });

  test('skips blank lines but counts them in line numbers', async () => {
    const records = await parse('a,b\n\n1,x\r\n\r\n2,y');

    expect(records.map((record) => [record.line, ...record.cells])).toEqual([
      [1, 'a', 'b'],
      [3, '1', 'x'],
      [5, '2', 'y'],
    ]);
  });

  test('ends records at a lone CR', async () => {
    const records = await parse('a,b\r1,x\r2,y\r');

    expect(records.map((record) => record.cells)).toEqual([
      ['a', 'b'],
      ['1', 'x'],
      ['2', 'y'],
    ]);
  });

  test('keeps empty cells and never infers types', async () => {
    const records = await parse('a,b,c\n00123,,1.50E+10\n');

    expect(records[1]!.cells).toEqual(['00123', '', '1.50E+10']);
  });

  test('reads tab-separated text with quotes', async () => {
    const records = await parse('a\tb\n1\t"x\ty"\n', { delimiter: '\t' });

    expect(records[1]!.cells).toEqual(['1', 'x\ty']);
  });

  test('sniffs the delimiter with auto', async () => {
    const records = await parse('a\tb,c\n1\t2,3\n', { delimiter: 'auto', chunk: 3 });

    expect(records[1]!.cells).toEqual(['1', '2,3']);
  });
});

describe('sniffDelimiter', () => {
  test('prefers the delimiter with the most hits on the first line', () => {
    expect(sniffDelimiter('a\tb\tc\n')).toBe('\t');
    expect(sniffDelimiter('a,b,c\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n')).toBe(';');
    expect(sniffDelimiter('abc\n')).toBe(',');
  });

  test('waits for the end of the first line', () => {
    expect(sniffDelimiter('a\tb')).toBeNull();
    expect(sniffDelimiter('a\tb', true)).toBe('\t');
  });
});
