import { describe, expect, test } from 'vitest';
import {
  decodeText,
  detectEncoding,
  parseEncodingHint,
  type EncodingDetection,
} from '../../src/appeal/detect-encoding.ts';
import { InvalidArgumentError } from '../../src/errors/index.ts';
import { encodeGb18030 } from './gb18030-encode.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const withBom = (bytes: Uint8Array): Uint8Array => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);

/** Splits bytes into chunks of `size`, as a file stream would deliver them. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function decodeAll(
  bytes: Uint8Array,
  options: Parameters<typeof decodeText>[1] & { chunk?: number } = {},
): Promise<{ text: string; detection: EncodingDetection }> {
  let detection: EncodingDetection | null = null;
  let text = '';
  const { chunk = 65_536, ...rest } = options;
  for await (const part of decodeText(chunked(bytes, chunk), {
    ...rest,
    onDetected: (found) => {
      detection = found;
    },
  })) {
    text += part;
  }
  return { text, detection: detection! };
}

const shortGbk =
  'ticket_id,category,created_at\r\nWO240517001,停水,2024-05-17 08:30\r\nWO240517002,漏水,2024-05-17 09:05\r\n';
const names = '姓名,诉求\r\n王㛃,门口路灯不亮\r\n刘䶮,小区停水\r\n吉𠮷,噪音扰民\r\n';

describe('parseEncodingHint', () => {
  test('widens GBK and GB2312 labels to GB18030', () => {
    expect(parseEncodingHint('gbk')).toBe('gb18030');
    expect(parseEncodingHint('GB2312')).toBe('gb18030');
    expect(parseEncodingHint('cp936')).toBe('gb18030');
  });

  test('reads UTF-8 labels and auto', () => {
    expect(parseEncodingHint('UTF8')).toBe('utf-8');
    expect(parseEncodingHint('auto')).toBeNull();
    expect(parseEncodingHint(undefined)).toBeNull();
  });

  test('rejects an unknown label, naming it and the supported ones', () => {
    expect(() => parseEncodingHint('latin1')).toThrow(InvalidArgumentError);
    expect(() => parseEncodingHint('latin1')).toThrow(/"latin1".*Supported: auto, utf-8, gbk/);
  });
});

describe('detectEncoding', () => {
  test('detects UTF-8 Chinese without a BOM', () => {
    const detection = detectEncoding(utf8('工单编号,诉求内容\r\n1,小区停水“急”…\r\n'));

    expect(detection).toMatchObject({ encoding: 'utf-8', source: 'detected', bom: false });
  });

  test('a UTF-8 BOM wins over a gbk hint and says so', () => {
    const detection = detectEncoding(withBom(utf8('工单编号')), { hint: 'gbk' });

    expect(detection).toMatchObject({
      encoding: 'utf-8',
      source: 'bom',
      bom: true,
      hintOverridden: true,
    });
    expect(detection.notes.join(' ')).toMatch(/hint "gbk" was overridden/);
  });

  test('a BOM that agrees with the hint overrides nothing', () => {
    const detection = detectEncoding(withBom(utf8('工单编号')), { hint: 'utf-8' });

    expect(detection.hintOverridden).toBe(false);
    expect(detection.notes).toEqual([]);
  });

  test('short GBK whose bytes are also valid UTF-8 is read as GB18030', () => {
    const bytes = encodeGb18030(shortGbk);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();

    const detection = detectEncoding(bytes);

    expect(detection.encoding).toBe('gb18030');
    expect(detection.source).toBe('detected');
  });

  test('GBK that is not valid UTF-8 is read as GB18030', () => {
    expect(detectEncoding(encodeGb18030('留言主题,留言详情\n物业不作为,小区停水三天')).encoding).toBe(
      'gb18030',
    );
  });

  test('a hint is used when there is no BOM', () => {
    const detection = detectEncoding(encodeGb18030(names), { hint: 'gbk' });

    expect(detection).toMatchObject({ encoding: 'gb18030', source: 'hint', hintOverridden: false });
  });

  test('a hint the bytes do not fit gets a note', () => {
    const detection = detectEncoding(encodeGb18030('留言详情\n小区停水三天'), { hint: 'utf-8' });

    expect(detection.encoding).toBe('utf-8');
    expect(detection.notes.join(' ')).toMatch(/not valid UTF-8 as hinted/);
  });

  test('UTF-16LE with a BOM', () => {
    const detection = detectEncoding(Uint8Array.from([0xff, 0xfe, 0xe5, 0x5d, 0x55, 0x53]));

    expect(detection).toMatchObject({ encoding: 'utf-16le', source: 'bom' });
  });

  test('a sample cut inside a character still detects', () => {
    const bytes = utf8('留言详情\n小区停水三天');

    expect(detectEncoding(bytes.slice(0, bytes.length - 1)).encoding).toBe('utf-8');
  });
});

describe('decodeText', () => {
  test('strips the BOM from the text', async () => {
    const { text } = await decodeAll(withBom(utf8('工单编号,诉求内容\r\n')));

    expect(text).toBe('工单编号,诉求内容\r\n');
  });

  test('BOM plus gbk hint decodes as UTF-8, with no 锘 mojibake', async () => {
    const { text, detection } = await decodeAll(withBom(utf8('工单编号,诉求内容\r\n')), {
      hint: 'gbk',
    });

    expect(detection.hintOverridden).toBe(true);
    expect(text).not.toContain('锘');
    expect(text.startsWith('工单编号')).toBe(true);
  });

  test('short GBK decodes to 停水 and 漏水, not ͣˮ', async () => {
    const { text } = await decodeAll(encodeGb18030(shortGbk));

    expect(text).toBe(shortGbk);
    expect(text).not.toMatch(/[\u0363\u02EE\u00A9]/);
  });

  test.each(['auto', 'gbk', 'gb2312', 'gb18030'])(
    'GB18030-only names survive with hint %s',
    async (hint) => {
      const { text, detection } = await decodeAll(encodeGb18030(names), { hint });

      expect(detection.encoding).toBe('gb18030');
      expect(text).toBe(names);
      expect(text).not.toMatch(/[\uFFFD\uE000-\uF8FF]/);
    },
  );

  test('keeps characters split across chunks and the sample boundary', async () => {
    const source = `${'小区停水𠮷㛃'.repeat(50)}\n`;
    for (const chunk of [1, 2, 3, 5, 7]) {
      const gb = await decodeAll(encodeGb18030(source), { chunk, sampleBytes: 11 });
      const u8 = await decodeAll(utf8(source), { chunk, sampleBytes: 11 });

      expect(gb.text).toBe(source);
      expect(gb.detection.encoding).toBe('gb18030');
      expect(u8.text).toBe(source);
      expect(u8.detection.encoding).toBe('utf-8');
    }
  });

  test('switches to GB18030 when GBK starts after a long ASCII prefix', async () => {
    const ascii = `id,category\r\n${'WO1,ok\r\n'.repeat(40)}`;
    const source = `${ascii}WO2,停水\r\nWO3,漏水\r\n`;

    const { text, detection } = await decodeAll(encodeGb18030(source), {
      chunk: 32,
      sampleBytes: 16,
      asciiLookahead: 64,
    });

    expect(text).toBe(source);
    expect(detection.encoding).toBe('gb18030');
    expect(detection.notes.join(' ')).toMatch(/switched/);
  });

  test('an all-ASCII file is UTF-8', async () => {
    const { text, detection } = await decodeAll(utf8('id,title\n1,hello\n'));

    expect(text).toBe('id,title\n1,hello\n');
    expect(detection.encoding).toBe('utf-8');
  });

  test('decodes UTF-16LE with a BOM', async () => {
    const body = '留言详情\t小区停水\n';
    const bytes = new Uint8Array(2 + body.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < body.length; i += 1) {
      bytes[2 + i * 2] = body.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = body.charCodeAt(i) >> 8;
    }

    const { text, detection } = await decodeAll(bytes);

    expect(detection.encoding).toBe('utf-16le');
    expect(text).toBe(body);
  });

  test('bytes valid in neither encoding are decoded with a note', async () => {
    const { detection } = await decodeAll(Uint8Array.from([0x61, 0xff, 0xff, 0xff, 0x62, 0x81]));

    expect(detection.notes.join(' ')).toMatch(/valid neither as UTF-8 nor as GB18030/);
  });
});

describe('detectEncoding: plausibility', () => {
  test('UTF-8 with emoji and pinyin stays UTF-8', () => {
    expect(detectEncoding(utf8('留言详情\n小区停水😡，nǚ shì说“马上修”\n')).encoding).toBe('utf-8');
  });
});

describe('decodeText: early stop', () => {
  test('closes the source when the reader stops', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 100; i += 1) yield utf8(`第${i}行\n`);
      } finally {
        closed = true;
      }
    }

    for await (const text of decodeText(source(), { sampleBytes: 8 })) {
      expect(text).toContain('第');
      break;
    }

    expect(closed).toBe(true);
  });
});
