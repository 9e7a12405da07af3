import { describe, expect, test } from 'vitest';
import { parseJsonLines, type JsonLineRecord } from '../../src/appeal/parse-json-lines.ts';

async function parse(text: string, size = 1 << 16): Promise<JsonLineRecord[]> {
  async function* pieces(): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  const records: JsonLineRecord[] = [];
  for await (const record of parseJsonLines(pieces())) records.push(record);
  return records;
}

describe('parseJsonLines', () => {
  test('reads objects across chunk borders, CRLF and a last line without newline', async () => {
    const text = '{"title":"停水"}\r\n\r\n{"title":"断电","n":1}\n{"title":"𠮷"}';

    for (const size of [1, 3, 1 << 16]) {
      expect(await parse(text, size)).toEqual([
        { line: 1, value: { title: '停水' } },
        { line: 3, value: { title: '断电', n: 1 } },
        { line: 4, value: { title: '𠮷' } },
      ]);
    }
  });

  test('reports bad lines without quoting them', async () => {
    const records = await parse('{"phone":"15800001234",}\n"text"\nnull\n{"ok":true}\n');

    expect(records).toEqual([
      { line: 1, error: 'invalid_json', message: 'line 1 is not valid JSON (24 characters)' },
      { line: 2, error: 'not_an_object', message: 'line 2 holds a string, not an object with appeal fields' },
      { line: 3, error: 'not_an_object', message: 'line 3 holds null, not an object with appeal fields' },
      { line: 4, value: { ok: true } },
    ]);
  });
});
