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
  const map = divisionIndex().foldMap;
  let result: string[] | null = null;
  for (let i = 0; i < text.length; i++) {
    const folded = map.get(text[i] as string);
    if (folded !== undefined) {
      result ??= text.slice(0, i).split('');
      result.push(folded);
    } else if (result !== null) {
      result.push(text[i] as string);
    }
  }
  return result === null ? text : result.join('');
}
