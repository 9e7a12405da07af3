import * as OpenCC from 'opencc-js';

let converter: ((text: string) => string) | null = null;
/** One byte per code point of U+4E00…U+9FFF: 1 when conversion changes it. */
let traditionalOnly: Uint8Array | null = null;
/** First code point of the table that marks Traditional-only characters. */
export const firstCode = 0x4e00;
const lastCode = 0x9fff;

function convert(text: string): string {
  const run = (converter ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  return run(text);
}

/**
 * Marks the code points of the basic CJK block that change under
 * conversion: entry `code - firstCode` is 1 for such a code point. A byte
 * table is read several times faster than a Set.
 */
export function traditionalCodePoints(): Uint8Array {
  if (traditionalOnly === null) {
    traditionalOnly = new Uint8Array(lastCode - firstCode + 1);
    for (let code = firstCode; code <= lastCode; code++) {
      const char = String.fromCharCode(code);
      if (convert(char) !== char) traditionalOnly[code - firstCode] = 1;
    }
  }
  return traditionalOnly;
}

/** Tells whether the text holds a character that only Traditional uses. */
export function hasTraditional(text: string): boolean {
  const table = traditionalCodePoints();
  for (let i = 0; i < text.length; i++) {
    const index = text.charCodeAt(i) - firstCode;
    if (index >= 0 && index <= lastCode - firstCode && table[index] === 1) return true;
  }
  return false;
}

/**
 * Folds Traditional Chinese to Simplified (e.g. 廣東省 → 广东省), so one
 * dictionary of division names and one model serve both scripts. Text
 * without Traditional characters is returned as is, because the scan is
 * about 20 times cheaper than the conversion.
 */
export function toSimplified(text: string): string {
  return hasTraditional(text) ? convert(text) : text;
}
