import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, test } from 'vitest';
import type { Appeal, Reject } from '../../src/appeal/appeal.ts';
import {
  readAppeals,
  type ReadAppealsOptions,
  type ReadReport,
} from '../../src/appeal/read-appeals.ts';
import { InputFileError, InvalidArgumentError } from '../../src/errors/index.ts';
import type { Logger } from '../../src/logger.ts';
import { sharedData } from '../helpers/paths.ts';
import { encodeGb18030 } from './gb18030-encode.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hotline-appeal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function write(name: string, content: string | Uint8Array): string {
  fileCount += 1;
  const file = path.join(dir, `${fileCount}-${name}`);
  writeFileSync(file, content);
  return file;
}

const utf8Bom = (text: string): Uint8Array =>
  Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);

interface ReadResult {
  appeals: Appeal[];
  rejects: Reject[];
  report: ReadReport | null;
}

async function read(file: string, options: ReadAppealsOptions = {}): Promise<ReadResult> {
  const result: ReadResult = { appeals: [], rejects: [], report: null };
  for await (const item of readAppeals(file, {
    ...options,
    onInfo: (report) => {
      expect(result.report).toBeNull();
      result.report = report;
    },
  })) {
    expect(result.report).not.toBeNull();
    if (item.kind === 'appeal') result.appeals.push(item.appeal);
    else result.rejects.push(item.reject);
  }
  return result;
}

describe('readAppeals: BOM (FC-01)', () => {
  const plain = write('bom.csv', utf8Bom('工单编号,诉求内容\r\n24051700001,小区停水\r\n'));
  const quoted = write(
    'bom_quoted.csv',
    utf8Bom('"工单编号","诉求内容"\r\n"24051700002","楼道灯不亮"\r\n'),
  );

  test('reads the first header by name from a BOM file', async () => {
    const { appeals, report } = await read(plain);

    expect(report!.headers).toEqual(['工单编号', '诉求内容']);
    expect(report!.mapping.externalId).toBe('工单编号');
    expect(appeals.map((a) => [a.externalId, a.body])).toEqual([['24051700001', '小区停水']]);
  });

  test('reads a BOM file with quoted headers', async () => {
    const { appeals, report } = await read(quoted);

    expect(report!.headers).toEqual(['工单编号', '诉求内容']);
    expect(appeals.map((a) => [a.externalId, a.body])).toEqual([['24051700002', '楼道灯不亮']]);
  });

  test('the BOM wins over a gbk hint and the report says so', async () => {
    const { appeals, report } = await read(plain, { encoding: 'gbk' });

    expect(report).toMatchObject({ encoding: 'utf-8', bom: true, hintOverridden: true });
    expect(report!.notes.join(' ')).toMatch(/overridden/);
    expect(report!.headers.some((header) => header.startsWith('锘'))).toBe(false);
    expect(appeals).toHaveLength(1);
  });
});

describe('readAppeals: CSV framing (FC-02)', () => {
  const file = write(
    'framing.csv',
    '工单编号,诉求内容,地址\r\n' +
      '24051700001,"楼上卫生间漏水\r\n已协商两次无果",锦绣路1号\r\n' +
      '24051700002,物业说"马上修"结果没人来,锦绣路2号\r\n' +
      '24051700003,噪音扰民,锦绣路3号\r\n',
  );

  test('gives exactly 3 records, none shifted or dropped', async () => {
    const { appeals, rejects } = await read(file);

    expect(rejects).toEqual([]);
    expect(appeals.map((a) => [a.source.row, a.externalId, a.body, a.extra['地址']])).toEqual([
      [1, '24051700001', '楼上卫生间漏水\n已协商两次无果', '锦绣路1号'],
      [2, '24051700002', '物业说"马上修"结果没人来', '锦绣路2号'],
      [3, '24051700003', '噪音扰民', '锦绣路3号'],
    ]);
  });
});

describe('readAppeals: identifier columns (FC-04)', () => {
  const file = write(
    'ids.csv',
    '工单编号,来电号码,身份证号,诉求内容\n' +
      '24051700001,02088886666,440304198506151018,小区停水\n' +
      '2.40517E+10,2088886666,4.40304E+17,楼道灯不亮\n',
  );

  test('keeps identifiers as exact strings and masks the personal ones', async () => {
    const { appeals } = await read(file);
    const [first] = appeals;

    expect(first!.externalId).toBe('24051700001');
    expect(first!.caller).toBe('020****6666');
    expect(first!.extra['身份证号']).toBe('440304********1018');
    expect(first!.warnings).toEqual([]);
  });

  test('flags damaged identifiers, masks the ID and never expands it', async () => {
    const { appeals, rejects } = await read(file);
    const second = appeals[1]!;

    expect(rejects).toEqual([]);
    expect(second.externalId).toBe('2.40517E+10');
    expect(second.extra['身份证号']).toBe('*.*****E+17');
    expect(second.warnings).toEqual([
      '工单编号: scientific notation, digits lost',
      '来电号码: 10 digits, leading 0 probably lost',
      '身份证号: scientific notation, digits lost',
    ]);
    const stored = JSON.stringify(appeals);
    expect(stored).not.toMatch(/440304000000000000|24051700000\b|4\.40304E/);
  });
});

describe('readAppeals: GBK and GB18030 (FC-05, FC-06)', () => {
  const shortGbk = write(
    'gbk_short.csv',
    encodeGb18030(
      'ticket_id,category,created_at\r\nWO240517001,停水,2024-05-17 08:30\r\nWO240517002,漏水,2024-05-17 09:05\r\n',
    ),
  );
  const names = write(
    'gb18030_names.csv',
    encodeGb18030('姓名,诉求\r\n王㛃,门口路灯不亮\r\n刘䶮,小区停水\r\n吉𠮷,噪音扰民\r\n'),
  );

  test('short GBK reads as GB18030: 停水 and 漏水, no ͣˮ', async () => {
    const { appeals, report } = await read(shortGbk, { headerMap: { body: 'category' } });

    expect(report!.encoding).toBe('gb18030');
    expect(appeals.map((a) => [a.externalId, a.body, a.receivedAt])).toEqual([
      ['WO240517001', '停水', '2024-05-17T08:30:00'],
      ['WO240517002', '漏水', '2024-05-17T09:05:00'],
    ]);
    expect(JSON.stringify(appeals)).not.toMatch(/[\u0363\u02EE\u00A9]/);
  });

  test.each([undefined, 'gbk'])('GB18030-only names are exact with hint %s', async (hint) => {
    const { appeals, report } = await read(names, hint === undefined ? {} : { encoding: hint });

    expect(report!.encoding).toBe('gb18030');
    expect(appeals.map((a) => a.extra['姓名'])).toEqual(['王㛃', '刘䶮', '吉𠮷']);
    expect(appeals.map((a) => a.body)).toEqual(['门口路灯不亮', '小区停水', '噪音扰民']);
    expect(JSON.stringify(appeals)).not.toMatch(/[\uFFFD\uE000-\uF8FF]/);
  });
});

describe('readAppeals: header mapping', () => {
  test('maps English synonyms and puts the rest in extra', async () => {
    const file = write(
      'english.csv',
      'Ticket_ID,Subject,Content,Created_At,Category,Phone,Address\n' +
        'T1,Water,No water since Monday,2019-04-25 09:32:09,Utilities,15800001234,1 Main St\n',
    );

    const { appeals, report } = await read(file);

    expect(report!.mapping).toEqual({
      externalId: 'Ticket_ID',
      title: 'Subject',
      body: 'Content',
      receivedAt: 'Created_At',
      recordedCategory: 'Category',
      caller: 'Phone',
    });
    expect(appeals[0]).toMatchObject({
      externalId: 'T1',
      title: 'Water',
      recordedCategory: 'Utilities',
      caller: '158****1234',
      extra: { Address: '1 Main St' },
    });
  });

  test('honours --map style overrides', async () => {
    const file = write('override.csv', '单号,诉求描述X,简述\nA1,小区停水三天,停水\n');

    const { appeals, report } = await read(file, {
      headerMap: { body: '诉求描述X', title: '简述', externalId: '单号' },
    });

    expect(report!.mapping).toEqual({ body: '诉求描述X', title: '简述', externalId: '单号' });
    expect(appeals[0]).toMatchObject({ externalId: 'A1', title: '停水', body: '小区停水三天' });
  });

  test('an override naming a missing column fails before any item', async () => {
    const file = write('override-missing.csv', '工单编号,诉求内容\n1,停水\n');

    await expect(read(file, { headerMap: { body: '诉求描述' } })).rejects.toThrow(InvalidArgumentError);
    await expect(read(file, { headerMap: { body: '诉求描述' } })).rejects.toThrow(
      /"诉求描述".*Headers found: 工单编号, 诉求内容/,
    );
  });

  test('a file without title or body column is a file error', async () => {
    const file = write('no-body.csv', 'id,category\n1,停水\n');

    await expect(read(file)).rejects.toThrow(InputFileError);
    await expect(read(file)).rejects.toThrow(/no title or body column\. Headers found: id, category/);
  });
});

describe('readAppeals: malformed records', () => {
  test('a bad JSON line is a reject and the rest is read', async () => {
    const file = write(
      'bad.jsonl',
      '{"title":"停水","body":"小区停水"}\n{"title": "断电", body}\n\n[1,2]\n{"title":"噪音","body":"夜间施工"}\n',
    );

    const { appeals, rejects } = await read(file);

    expect(appeals.map((a) => [a.source.row, a.title])).toEqual([
      [1, '停水'],
      [4, '噪音'],
    ]);
    expect(rejects).toEqual([
      { file, row: 2, line: 2, code: 'invalid_json', reason: expect.stringMatching(/line 2 is not valid JSON/) },
      { file, row: 3, line: 4, code: 'not_an_object', reason: expect.stringMatching(/an array/) },
    ]);
    expect(rejects[0]!.reason).not.toContain('断电');
  });

  test('an oversized row is a reject and the rest is read', async () => {
    const file = write('oversized.csv', `留言主题,留言详情\n长,${'长'.repeat(40)}\n短,停水\n`);

    const { appeals, rejects } = await read(file, { maxBodyChars: 30 });

    expect(appeals.map((a) => a.title)).toEqual(['短']);
    expect(rejects).toEqual([
      {
        file,
        row: 1,
        line: 2,
        code: 'oversized',
        reason: 'oversized: the body has 40 characters, the limit is 30. Fix: split the text into separate appeals or shorten it',
      },
    ]);
  });

  test('ragged CSV: empty extra cells are fine, others are rejected unshifted', async () => {
    const file = write(
      'ragged.csv',
      '工单编号,诉求内容,地址\n' +
        '1,停水,锦绣路1号,,\n' +
        '2,停电,锦绣路2号,多出来的\n' +
        '3,漏水\n' +
        '4,噪音,锦绣路4号\n',
    );

    const { appeals, rejects } = await read(file);

    expect(appeals.map((a) => [a.externalId, a.extra['地址']])).toEqual([
      ['1', '锦绣路1号'],
      ['4', '锦绣路4号'],
    ]);
    expect(rejects.map((r) => [r.row, r.line, r.code])).toEqual([
      [2, 3, 'column_count'],
      [3, 4, 'column_count'],
    ]);
    expect(rejects[0]!.reason).toMatch(/line 3 has 4 cells, the header has 3.*nothing was shifted/);
    expect(rejects[1]!.reason).toMatch(/line 4 has 2 cells, the header has 3/);
  });

  test('an empty record is rejected with its number', async () => {
    const file = write('empty-row.csv', '留言主题,留言详情\n,\n有,内容\n');

    const { rejects } = await read(file);

    expect(rejects).toEqual([{ file, row: 1, line: 2, code: 'empty_record', reason: 'empty title and body' }]);
  });
});

describe('readAppeals: formats', () => {
  test('reads TSV', async () => {
    const file = write('calls.tsv', '留言主题\t留言详情\n停水\t小区停水, 三天\n');

    const { appeals, report } = await read(file);

    expect(report!.format).toBe('tsv');
    expect(appeals[0]!.body).toBe('小区停水, 三天');
  });

  test('reads .txt with a sniffed delimiter', async () => {
    const file = write('export.txt', '留言主题\t留言详情\n停水\t小区停水\n');

    const { appeals, report } = await read(file);

    expect(report).toMatchObject({ format: 'tsv', delimiter: '\t' });
    expect(appeals[0]!.title).toBe('停水');
  });

  test('a forced format overrides the extension', async () => {
    const file = write('calls.dat', '{"title":"停水","body":"小区停水"}\n');

    const { appeals } = await read(file, { format: 'jsonl' });

    expect(appeals[0]!.body).toBe('小区停水');
  });

  test('an unknown extension names the fix', async () => {
    const file = write('calls.dat', 'x');

    await expect(read(file)).rejects.toThrow(/extension "\.dat".*pass --format csv/);
  });

  test('a missing file is an input error naming the path', async () => {
    const file = path.join(dir, 'missing.csv');

    await expect(read(file)).rejects.toThrow(InputFileError);
    await expect(read(file)).rejects.toThrow(/cannot open .*missing\.csv: no such file/);
  });

  test('a JSON array is refused with the fix', async () => {
    const file = write('array.json', '[{"title":"停水"}]\n');

    await expect(read(file)).rejects.toThrow(/JSON array, not JSON Lines.*jq -c/);
  });

  test('a workbook named .csv is refused with the fix', async () => {
    const file = write('workbook.csv', Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]));

    await expect(read(file)).rejects.toThrow(/zip file .*pass --format xlsx/);
  });

  test('binary bytes named .csv are refused with the fix', async () => {
    const bytes = Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256);
    const file = write('random.csv', bytes);

    await expect(read(file)).rejects.toThrow(
      /random\.csv does not look like a text file: .*NUL bytes.*CSV, TSV, XLSX or JSON Lines/,
    );
  });

  test('an empty CSV is an input error', async () => {
    await expect(read(write('empty.csv', ''))).rejects.toThrow(/is empty/);
  });

  test('rejects a negative skipRows', async () => {
    await expect(read(write('x.csv', '留言详情\n停水\n'), { skipRows: -1 })).rejects.toThrow(
      /skipRows must be a whole number/,
    );
  });
});

describe('readAppeals: XLSX', () => {
  const file = path.join(dir, 'calls.xlsx');

  test('round-trips a workbook written with exceljs', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('工单');
    sheet.addRow(['工单编号', '留言主题', '留言详情', '留言时间', '来电号码', '身份证号', '备注']);
    sheet.addRow([
      '24051700001',
      '小区停水',
      '联系电话15800001234',
      new Date(Date.UTC(2019, 3, 25, 9, 32, 9)),
      '02088886666',
      '440304198506151018',
      { richText: [{ text: '富' }, { text: '文本' }] },
    ]);
    sheet.addRow([
      24051700002,
      '楼道灯不亮',
      { formula: '"灯"&"坏了"', result: '灯坏了' },
      43580.397326,
      2088886666,
      440304198506151018,
      1234567890123456,
    ]);
    sheet.addRow([]);
    sheet.addRow(['24051700003', '噪音', '夜间施工', '2019/4/25 9:32:09', null, null, 0.1 + 0.2]);
    sheet.getCell('D2').numFmt = 'yyyy-mm-dd hh:mm:ss';
    await workbook.xlsx.writeFile(file);

    const { appeals, rejects, report } = await read(file);

    expect(rejects).toEqual([]);
    expect(report).toMatchObject({ format: 'xlsx', encoding: null });
    expect(appeals.map((a) => a.source.row)).toEqual([1, 2, 3]);
    expect(appeals[0]).toMatchObject({
      externalId: '24051700001',
      body: '联系电话158****1234',
      receivedAt: '2019-04-25T09:32:09',
      caller: '020****6666',
      extra: { 身份证号: '440304********1018', 备注: '富文本' },
      warnings: [],
    });
    expect(appeals[1]).toMatchObject({
      externalId: '24051700002',
      body: '灯坏了',
      receivedAt: '2019-04-25T09:32:09',
      caller: '208***6666',
      extra: { 身份证号: '*.****************E+17', 备注: '1234567890123456' },
    });
    expect(appeals[1]!.warnings).toEqual([
      '身份证号: a number of 16 or more digits stored as a number by Excel; digits may be lost',
      '备注: a number of 16 or more digits stored as a number by Excel; digits may be lost',
      '来电号码: 10 digits, leading 0 probably lost',
      '身份证号: scientific notation, digits lost',
    ]);
    expect(appeals[2]).toMatchObject({ receivedAt: '2019-04-25T09:32:09', extra: { 备注: '0.3' } });
  });

  test('a broken workbook is an input error', async () => {
    const broken = write('broken.xlsx', 'not a zip at all');

    await expect(read(broken)).rejects.toThrow(/cannot be read as an XLSX workbook/);
  });
});

describe('readAppeals: streaming', () => {
  const rows = 200_000;
  const file = path.join(dir, 'big.csv');

  async function writeBig(): Promise<void> {
    if (existsSync(file)) return;
    const out = createWriteStream(file);
    out.write('工单编号,留言主题,留言详情,留言时间\n');
    for (let i = 1; i <= rows; i += 1) {
      const line = `WO${i},第${i % 97}栋停水,"小区停水，第${i}户反映",2019-04-25 09:32:09\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }

  test('reads a 200k-row CSV record by record', async () => {
    await writeBig();
    let count = 0;
    let last = 0;

    for await (const item of readAppeals(file)) {
      if (item.kind !== 'appeal') throw new Error(item.reject.reason);
      count += 1;
      last = item.appeal.source.row;
    }

    expect(count).toBe(rows);
    expect(last).toBe(rows);
  }, 120_000);

  test('stops reading the disk when the consumer stops', async () => {
    await writeBig();
    let bytesRead = 0;
    let totalBytes = 0;
    let count = 0;

    for await (const item of readAppeals(file, {
      onProgress: (progress) => ({ bytesRead, totalBytes } = progress),
    })) {
      expect(item.kind).toBe('appeal');
      count += 1;
      if (count === 10) break;
    }

    expect(totalBytes).toBeGreaterThan(5_000_000);
    expect(bytesRead).toBeLessThanOrEqual(4 * 65_536);
  });

  test('skipRows resumes after the first records, keeping record numbers', async () => {
    await writeBig();
    const rowsSeen: number[] = [];

    for await (const item of readAppeals(file, { skipRows: rows - 3 })) {
      if (item.kind === 'appeal') rowsSeen.push(item.appeal.source.row);
    }

    expect(rowsSeen).toEqual([rows - 2, rows - 1, rows]);
  }, 120_000);
});

describe('readAppeals: logging', () => {
  test('logs file facts and reject codes, never record content', async () => {
    const lines: string[] = [];
    const capture = (level: string) => (fields: Record<string, unknown>, message: string) => {
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    };
    const logger: Logger = {
      debug: capture('debug'),
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
    };
    const file = write(
      'logged.csv',
      '留言主题,留言详情,来电号码\n停水,联系15800001234,15800001234\n,,13912345678\n',
    );

    await read(file, { logger, encoding: 'utf-8' });

    expect(lines.some((line) => line.startsWith('info input file opened'))).toBe(true);
    expect(lines.some((line) => line.includes('"code":"empty_record"'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/15800001234|13912345678|停水/);
  });
});

describe('readAppeals: teddy2020_c', () => {
  test('att3_hotspot.jsonl gives 4,326 appeals and no rejects', async () => {
    const { appeals, rejects, report } = await read(sharedData('teddy2020_c', 'att3_hotspot.jsonl'));

    expect(appeals).toHaveLength(4326);
    expect(rejects).toHaveLength(0);
    expect(report!.mapping).toMatchObject({ externalId: 'id', caller: 'user', title: 'title', body: 'body' });
    expect(appeals[0]!.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(appeals.every((a) => a.body !== '' || a.title !== '')).toBe(true);
  }, 120_000);

  test('att2_train.jsonl accounts for all 7,367 rows; rejects are the tokens-only rows', async () => {
    const { appeals, rejects } = await read(sharedData('teddy2020_c', 'att2_train.jsonl'));

    expect(appeals.length + rejects.length).toBe(7367);
    expect(appeals).toHaveLength(2696);
    expect(new Set(rejects.map((r) => r.code))).toEqual(new Set(['tokens_only']));
    expect(rejects[0]!.reason).toMatch(/no raw text, only segmented tokens/);
    const fromText = appeals.filter((a) => a.title === '' && a.body !== '');
    expect(fromText.length).toBeGreaterThan(2000);
    expect(appeals.every((a) => a.recordedCategory !== null)).toBe(true);
    expect(appeals.some((a) => 'text' in a.extra)).toBe(false);
  }, 120_000);
});
