import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateRecordCount } from '../../src/run/estimate-record-count.ts';
import { identifyFile } from '../../src/run/file-key.ts';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-count-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(directory, name);
  writeFileSync(file, content);
  return file;
}

describe('estimateRecordCount', () => {
  it('ignores newlines inside quoted CSV fields', async () => {
    const file = write('a.csv', 'id,body\r\n1,"line one\r\nline two"\r\n2,x\r\n\r\n');
    expect(await estimateRecordCount(file)).toBe(2);
  });

  it('counts JSON Lines without a header', async () => {
    const file = write('a.jsonl', '{"a":1}\n{"a":"\\"x"}\n{"a":3}');
    expect(await estimateRecordCount(file)).toBe(3);
  });

  it('counts GB18030 text by bytes', async () => {
    // 路灯 in GB18030 is C2 B7 B5 C6.
    const row = Buffer.from([0x31, 0x2c, 0xc2, 0xb7, 0xb5, 0xc6, 0x0a]);
    const file = write('g.csv', Buffer.concat([Buffer.from('id,body\n'), row, row]));
    expect(await estimateRecordCount(file)).toBe(2);
  });

  it('returns null for workbooks', async () => {
    expect(await estimateRecordCount(write('a.xlsx', 'PK'))).toBeNull();
  });
});

describe('identifyFile', () => {
  it('keys by content, not by name', async () => {
    const first = await identifyFile(write('a.csv', 'id\n1\n'));
    const copy = await identifyFile(write('b.csv', 'id\n1\n'));
    const grown = await identifyFile(write('c.csv', 'id\n1\n2\n'));
    expect(first.key).toBe(copy.key);
    expect(first.key).not.toBe(grown.key);
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
  });
});
