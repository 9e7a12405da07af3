import type { Passage } from './passage.ts';
import { segmentWords } from './segment.ts';
import { isStopWord } from './stop-words.ts';
import { isCompoundTerm, type SynonymTable } from './synonyms.ts';

/** A generated question and the passage it was made from. */
export interface GeneratedQuestion {
  question: string;
  passageId: number;
}

const prefixes = ['', '请问', '我想咨询一下，', '问一下，'];
const suffixes = ['怎么办？', '是否合法？', '有什么规定？', '吗？', '该找谁？'];
/** Words that would give the source away or carry nothing. */
const dropped = /^(本法|本条例|本规定|本办法|本编|前款|下列|规定|有关|依法|依照|按照)$/u;
const maxWords = 7;

/**
 * Makes citizen-style questions from articles, deterministically for a
 * given random source. Each question takes the content words of the
 * article's first clause (no article number, law title or numerals),
 * replaces words that have synonyms with a colloquial variant, drops one
 * word at random and wraps the rest in a question template.
 */
export function generateQuestions(
  passages: readonly Passage[],
  synonyms: SynonymTable,
  random: () => number,
  count: number,
): GeneratedQuestion[] {
  const candidates = passages.filter(
    (passage) => passage.article !== null && passage.text.length >= 20,
  );
  const shuffled = [...candidates];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as Passage, shuffled[i] as Passage];
  }
  const questions: GeneratedQuestion[] = [];
  for (const passage of shuffled) {
    if (questions.length >= count) break;
    const clause = passage.text.split(/[。；：:\n]/u)[0] ?? '';
    const words = segmentWords(clause).filter(
      (word) =>
        word.length >= 2 &&
        !isStopWord(word) &&
        !dropped.test(word) &&
        !/^第|[零一二三四五六七八九十百千万\d]{2,}/u.test(word),
    );
    if (words.length < 3) continue;
    const chosen = words.slice(0, maxWords).map((word) => colloquial(word, synonyms, random));
    chosen.splice(Math.floor(random() * chosen.length), 1);
    const prefix = prefixes[Math.floor(random() * prefixes.length)] ?? '';
    const suffix = suffixes[Math.floor(random() * suffixes.length)] ?? '';
    questions.push({ question: `${prefix}${chosen.join('')}${suffix}`, passageId: passage.id });
  }
  return questions;
}

function colloquial(word: string, synonyms: SynonymTable, random: () => number): string {
  const head = synonyms.canonical.get(word);
  if (head === undefined) return word;
  const group = synonyms.groups.find((terms) => terms[0] === head) ?? [];
  const others = group.filter(
    (term) => term !== word && !isCompoundTerm(term),
  );
  return others[Math.floor(random() * others.length)] ?? word;
}
