import { removeQuantities } from './quantities.ts';
import { segmentForSearch, segmentWords } from './segment.ts';
import { isStopWord } from './stop-words.ts';
import { synonymGroup, type SynonymTable } from './synonyms.ts';

/** One idea of a question that a passage can cover. */
export interface QuestionConcept {
  /** The question's word, or the synonym it wrote, in lower case. */
  source: string;
  /** Terms, plain or compound (拖欠+劳动报酬), any of which covers it. */
  alternatives: readonly string[];
}

/** Word made only of numeral characters, such as 几 or 十. */
const numeralWord = /^[零〇一二三四五六七八九十百千万亿两几]+$/u;

/**
 * Splits a question into the concepts retrieval scores: numbers, time
 * spans and article numbers are removed first (`removeQuantities`). Each
 * synonym the question writes is one concept whose alternatives are its
 * whole group, so 欠薪 is covered by 拖欠+劳动报酬. Every other jieba
 * word that is not a stop word or a bare numeral is a concept of its own.
 * Concepts are distinct by their first alternative.
 */
export function questionConcepts(
  question: string,
  synonyms: SynonymTable,
): QuestionConcept[] {
  const concepts = new Map<string, QuestionConcept>();
  const add = (source: string, alternatives: readonly string[]): void => {
    const key = alternatives[0] ?? source;
    if (!concepts.has(key)) concepts.set(key, { source, alternatives });
  };
  let rest = removeQuantities(question.toLowerCase());
  if (synonyms.pattern !== null) {
    rest = rest.replace(synonyms.pattern, (term) => {
      add(term, synonymGroup(term, synonyms));
      return ' ';
    });
  }
  for (const word of segmentWords(rest)) {
    if (isStopWord(word) || numeralWord.test(word)) continue;
    add(word, [word]);
  }
  return [...concepts.values()];
}

/**
 * Lists the FTS5 search words of the concepts: the jieba search-mode words
 * of every alternative (of each part of a compound), without stop words.
 */
export function conceptSearchWords(
  concepts: readonly QuestionConcept[],
): string[] {
  const words = new Set<string>();
  for (const concept of concepts) {
    for (const alternative of concept.alternatives) {
      for (const part of alternative.split('+')) {
        for (const word of segmentForSearch(part)) {
          if (!isStopWord(word) && !numeralWord.test(word)) words.add(word);
        }
      }
    }
  }
  return [...words];
}
