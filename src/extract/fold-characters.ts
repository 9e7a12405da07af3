import { divisionIndex } from './division-index.ts';

/**
 * Folds Traditional characters to Simplified one character at a time
 * (順德區 → 顺德区), so offsets into the result are offsets into the input.
 * Only characters that the extractors match on are folded; the table comes
 * from opencc-js at build time.
 *
 * NOTE: this is a narrow, length-preserving fold for matching. Full
 * phrase-level conversion is `toSimplified` in the text module; this one
 * stays because extraction needs offsets that survive the fold.
 */
export function foldCharacters(text: string): string {
  const { foldMap, foldable } = divisionIndex();
  let result = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (foldable[text.charCodeAt(i)] !== 1) continue;
    const folded = foldMap.get(text[i] as string);
    if (folded === undefined) continue;
    result += text.slice(copied, i) + folded;
    copied = i + 1;
  }
  return copied === 0 ? text : result + text.slice(copied);
}
