/**
 * Text encoding of input files: UTF-8 (with or without BOM), GBK/GB2312/
 * GB18030 (always decoded as GB18030, their superset) and UTF-16 with a BOM.
 *
 * Order of authority: a BOM, then the operator's hint, then detection on a
 * sample. Detection prefers UTF-8 unless the strict UTF-8 reading yields
 * characters that Chinese text does not contain (`ͣˮ` is what 停水 in GBK
 * looks like as UTF-8) and the GB18030 reading has a larger share of CJK.
 */
import { InvalidArgumentError } from '../errors/index.ts';

/** Encodings the ingest decodes. */
export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** What was decided about a file's encoding, and why. */
export interface EncodingDetection {
  encoding: TextEncodingName;
  /** `bom`: a byte-order mark; `hint`: the operator's hint; `detected`: the sample. */
  source: 'bom' | 'hint' | 'detected';
  bom: boolean;
  /** The hint as given, or null. */
  hint: string | null;
  /** True when a BOM disagreed with the hint and won. */
  hintOverridden: boolean;
  /** Remarks for the ingest report (plain English, no file content). */
  notes: string[];
}

/** Labels accepted as a hint, and what they decode as. */
const hintLabels: Readonly<Record<string, TextEncodingName | 'auto'>> = {
  auto: 'auto',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  'gb-2312': 'gb18030',
  gb18030: 'gb18030',
  'gb-18030': 'gb18030',
  cp936: 'gb18030',
  '936': 'gb18030',
  'windows-936': 'gb18030',
  'x-gbk': 'gb18030',
  'euc-cn': 'gb18030',
  'utf-16le': 'utf-16le',
  'utf16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf16be': 'utf-16be',
};

/**
 * Reads an encoding hint. GBK and GB2312 labels become GB18030: the `gbk`
 * decoder mangles characters outside GBK (㛃 䶮 𠮷) that occur in names.
 *
 * @returns the encoding, or null for `auto` and empty hints
 * @throws InvalidArgumentError for a label this ingest cannot decode
 */
export function parseEncodingHint(hint: string | undefined): TextEncodingName | null {
  if (hint === undefined || hint.trim() === '') return null;
  const found = hintLabels[hint.trim().toLowerCase().replace(/_/g, '-')];
  if (found === undefined) {
    throw new InvalidArgumentError({
      parameter: 'encoding',
      value: hint,
      message:
        `encoding "${hint}" is not supported. Supported: auto, utf-8, gbk, gb2312, ` +
        `gb18030, utf-16le, utf-16be. Fix: pass one of these, or leave it out to detect.`,
    });
  }
  return found === 'auto' ? null : found;
}

interface Bom {
  encoding: TextEncodingName;
  length: number;
}

function readBom(bytes: Uint8Array): Bom | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** Options of {@link detectEncoding}. */
export interface DetectEncodingOptions {
  /** The operator's hint (`gbk`, `utf-8`, …); a BOM still wins. */
  hint?: string;
}

/**
 * Decides the encoding of a file from the first bytes (64 KB is plenty).
 * The sample may end inside a multibyte character.
 *
 * @throws InvalidArgumentError for an unsupported hint
 */
export function detectEncoding(
  sample: Uint8Array,
  options: DetectEncodingOptions = {},
): EncodingDetection {
  const hint = options.hint ?? null;
  const hinted = parseEncodingHint(options.hint);
  const bom = readBom(sample);
  const notes: string[] = [];

  if (bom) {
    const hintOverridden = hinted !== null && hinted !== bom.encoding;
    if (hintOverridden) {
      notes.push(
        `the file starts with a ${bom.encoding.toUpperCase()} byte-order mark, so it was ` +
          `decoded as ${bom.encoding.toUpperCase()} and the encoding hint "${hint}" was overridden`,
      );
    }
    return { encoding: bom.encoding, source: 'bom', bom: true, hint, hintOverridden, notes };
  }

  if (hinted !== null) {
    if (!decodesStrictly(sample, hinted)) {
      notes.push(
        `the bytes are not valid ${hinted.toUpperCase()} as hinted; invalid sequences ` +
          `become U+FFFD. Fix: check the hint, or leave it out to detect`,
      );
    }
    return { encoding: hinted, source: 'hint', bom: false, hint, hintOverridden: false, notes };
  }

  return { ...guessEncoding(sample, notes), bom: false, hint, hintOverridden: false, notes };
}

function guessEncoding(
  sample: Uint8Array,
  notes: string[],
): { encoding: TextEncodingName; source: 'detected' } {
  const utf16 = guessUtf16(sample);
  if (utf16) {
    notes.push(`no byte-order mark, but the zero bytes say ${utf16.toUpperCase()}`);
    return { encoding: utf16, source: 'detected' };
  }
  const utf8 = strictDecode(sample, 'utf-8');
  if (utf8 !== null && isPlausibleText(utf8)) return { encoding: 'utf-8', source: 'detected' };

  const gb = strictDecode(sample, 'gb18030');
  if (utf8 !== null && gb !== null) {
    if (cjkShare(gb) > cjkShare(utf8)) {
      notes.push('valid as UTF-8 too, but GB18030 reads as Chinese: decoded as GB18030');
      return { encoding: 'gb18030', source: 'detected' };
    }
    return { encoding: 'utf-8', source: 'detected' };
  }
  if (utf8 !== null) return { encoding: 'utf-8', source: 'detected' };
  if (gb !== null) return { encoding: 'gb18030', source: 'detected' };

  const utf8Loss = replacementCount(sample, 'utf-8');
  const gbLoss = replacementCount(sample, 'gb18030');
  const encoding: TextEncodingName = gbLoss < utf8Loss ? 'gb18030' : 'utf-8';
  notes.push(
    `the start of the file is valid neither as UTF-8 nor as GB18030; decoded as ` +
      `${encoding.toUpperCase()}, and the invalid bytes become U+FFFD. Fix: pass the ` +
      `right encoding, or re-save the file as UTF-8`,
  );
  return { encoding, source: 'detected' };
}

/** UTF-16 without a BOM: many zero bytes at even or odd offsets. */
function guessUtf16(sample: Uint8Array): TextEncodingName | null {
  const length = Math.min(sample.length, 4096) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (sample[i] === 0) evenZeros += 1;
    if (sample[i + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Decodes without tolerance; a character cut at the end of the sample is fine. */
function strictDecode(sample: Uint8Array, encoding: TextEncodingName): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
  } catch {
    return null;
  }
}

function decodesStrictly(sample: Uint8Array, encoding: TextEncodingName): boolean {
  return strictDecode(sample, encoding) !== null;
}

function replacementCount(sample: Uint8Array, encoding: TextEncodingName): number {
  const text = new TextDecoder(encoding).decode(sample, { stream: true });
  let count = 0;
  for (const char of text) if (char === '\uFFFD') count += 1;
  return count;
}

/** CJK ideographs (basic, extensions A–G, compatibility). */
const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;
/**
 * Characters expected in Chinese text besides ideographs: CJK and full-width
 * punctuation, general punctuation (“” … —), Latin-1 signs (· × ° ±),
 * Greek letters, arrows, maths, box drawing, circled numbers, kana, bopomofo,
 * emoji. Latin letters with accents are left out on purpose: short GBK text
 * read as UTF-8 turns into them (媒 C3 BD reads as ý).
 */
const COMMON =
  /[\u00A0-\u00BF\u00D7\u00F7\u0391-\u03C9\u2000-\u206F\u2100-\u22FF\u2460-\u27BF\u3000-\u303F\u3040-\u30FF\u3100-\u312F\uFE0F\uFE30-\uFE4F\uFF00-\uFFEF\u{1F000}-\u{1FAFF}]/u;

/** True when every non-ASCII character is CJK or common punctuation. */
function isPlausibleText(text: string): boolean {
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    if (!CJK.test(char) && !COMMON.test(char)) return false;
  }
  return true;
}

/** Share of CJK ideographs among the non-ASCII characters. */
function cjkShare(text: string): number {
  let nonAscii = 0;
  let cjk = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    nonAscii += 1;
    if (CJK.test(char)) cjk += 1;
  }
  return nonAscii === 0 ? 0 : cjk / nonAscii;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i += 1) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Options of {@link decodeText}. */
export interface DecodeTextOptions extends DetectEncodingOptions {
  /** Bytes to detect on; default 64 KB. */
  sampleBytes?: number;
  /**
   * Longest pure-ASCII start to look past for the first non-ASCII byte
   * before settling on UTF-8; default 1 MB.
   */
  asciiLookahead?: number;
  /** Called once the encoding is known, before any text is yielded. */
  onDetected?: (detection: EncodingDetection) => void;
  /** Called when a file whose first `asciiLookahead` bytes were ASCII turns out to be GB18030. */
  onSwitched?: (detection: EncodingDetection) => void;
}

/**
 * Decodes a byte stream to text, chunk by chunk. The encoding is decided on
 * a sample of the first bytes; the sample then goes through the same
 * streaming decoder as the rest, so no character is split at its end. A BOM
 * is not part of the text.
 *
 * @throws InvalidArgumentError for an unsupported hint
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  options: DecodeTextOptions = {},
): AsyncGenerator<string> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    yield* decodeChunks(iterator, options);
  } finally {
    // Close the source (a file stream) when the reader stops early.
    await iterator.return?.();
  }
}

async function* decodeChunks(
  iterator: AsyncIterator<Uint8Array>,
  options: DecodeTextOptions,
): AsyncGenerator<string> {
  const sampleBytes = options.sampleBytes ?? 65_536;
  const asciiLookahead = options.asciiLookahead ?? 1_048_576;
  const buffered: Uint8Array[] = [];
  let size = 0;
  let asciiSoFar = true;
  let nonAsciiAt = -1;
  let done = false;

  // Sample until 64 KB past the first non-ASCII byte, the ASCII lookahead, or the end.
  while (true) {
    const enough = nonAsciiAt >= 0 ? size - nonAsciiAt >= sampleBytes : size >= asciiLookahead;
    if (enough && size >= sampleBytes) break;
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    if (asciiSoFar && !isAscii(next.value)) {
      asciiSoFar = false;
      nonAsciiAt = size;
    }
    size += next.value.length;
  }

  const sample = concat(buffered, size);
  const detection = detectEncoding(
    sample,
    options.hint === undefined ? {} : { hint: options.hint },
  );
  const tentative = asciiSoFar && !done && detection.source === 'detected';
  if (tentative) detection.notes.push('the first bytes are all ASCII; read as UTF-8');
  options.onDetected?.(detection);

  let decoder = new TextDecoder(detection.encoding);
  let watching = tentative;
  const text = decoder.decode(sample, { stream: true });
  if (text) yield text;
  if (done) {
    const tail = decoder.decode();
    if (tail) yield tail;
    return;
  }

  while (true) {
    const next = await iterator.next();
    if (next.done) break;
    let bytes = next.value;
    if (watching && !isAscii(bytes)) {
      // Everything before was ASCII, so the decoder holds no state: switch safely.
      watching = false;
      const lookahead: Uint8Array[] = [bytes];
      let lookaheadSize = bytes.length;
      while (lookaheadSize < sampleBytes) {
        const more = await iterator.next();
        if (more.done) break;
        lookahead.push(more.value);
        lookaheadSize += more.value.length;
      }
      bytes = concat(lookahead, lookaheadSize);
      const late = detectEncoding(bytes);
      if (late.encoding !== detection.encoding) {
        detection.encoding = late.encoding;
        detection.notes.push(
          `the first non-ASCII bytes came after ${asciiLookahead} ASCII bytes and read as ` +
            `${late.encoding.toUpperCase()}: switched there`,
        );
        decoder = new TextDecoder(late.encoding);
        options.onSwitched?.(detection);
      }
    }
    const decoded = decoder.decode(bytes, { stream: true });
    if (decoded) yield decoded;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
