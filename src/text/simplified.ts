import * as OpenCC from 'opencc-js';

let converter: ((text: string) => string) | null = null;
let traditionalOnly: Set<number> | null = null;

function convert(text: string): string {
  const run = (converter ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  return run(text);
}

/** Code points of the basic CJK block that change under conversion. */
function traditionalCodePoints(): Set<number> {
  if (traditionalOnly === null) {
    traditionalOnly = new Set();
    for (let code = 0x4e00; code <= 0x9fff; code++) {
      const char = String.fromCharCode(code);
      if (convert(char) !== char) traditionalOnly.add(code);
    }
  }
  return traditionalOnly;
}

/** Tells whether the text holds a character that only Traditional uses. */
export function hasTraditional(text: string): boolean {
  const table = traditionalCodePoints();
  for (let i = 0; i < text.length; i++) {
    if (table.has(text.charCodeAt(i))) return true;
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
