import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { isStopWord } from './stop-words.ts';

let jieba: Jieba | undefined;

// NOTE: a shared segmenter under src/text/ did not exist when this module
// was written; swap this for it once it does, so the whole product splits
// words the same way.
function loadJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const wordPattern = /[\p{Script=Han}\p{Letter}\p{Number}]/u;

/**
 * Splits text into jieba search-mode words (long words plus their shorter
 * dictionary parts, e.g. 物业费 → 物业, 物业费), without punctuation or
 * spaces. Search mode lets a two-character query word such as 物业 match a
 * passage that only contains 物业服务企业.
 */
export function segmentForSearch(text: string): string[] {
  return loadJieba()
    .cutForSearch(text, false)
    .filter((word) => wordPattern.test(word))
    .map((word) => word.toLowerCase());
}

/** Splits text into jieba words (accurate mode), without punctuation. */
export function segmentWords(text: string): string[] {
  return loadJieba()
    .cut(text, false)
    .filter((word) => wordPattern.test(word))
    .map((word) => word.toLowerCase());
}

/** Search-mode words of the text minus stop words, in order. */
export function contentTerms(text: string): string[] {
  return segmentForSearch(text).filter((word) => !isStopWord(word));
}
