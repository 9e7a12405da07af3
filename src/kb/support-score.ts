import { segmentWords } from './segment.ts';
import { isStopWord } from './stop-words.ts';
import { foldSynonyms, type SynonymTable } from './synonyms.ts';

const citationMarker = /\[\d+(?:\s*[,，、]\s*\d+)*\]/gu;
const nonWord = /[^\p{Script=Han}\p{Letter}\p{Number}]/gu;

/** Removes citation markers such as [1] or [1,2] from text. */
export function removeMarkers(text: string): string {
  return text.replace(citationMarker, '');
}

/**
 * Scores how well a passage supports a sentence, in [0, 1]: the recall of
 * the sentence's content features in the passage. Both texts lose their
 * citation markers. Each synonym in the sentence is one feature, its
 * canonical term, matched against the passage with synonyms folded. The
 * rest of the sentence loses stop words, and each remaining jieba word
 * gives its character bigrams (a one-character word gives itself). A feature counts
 * when it occurs in the passage with punctuation removed. Returns 1 for a
 * sentence without content features, which the citation check handles.
 */
export function supportScore(
  sentence: string,
  passageText: string,
  synonyms: SynonymTable,
): number {
  const features = sentenceFeatures(sentence, synonyms);
  if (features.length === 0) return 1;
  const passage = foldSynonyms(removeMarkers(passageText), synonyms)
    .toLowerCase()
    .replace(nonWord, '');
  const found = features.filter((feature) => passage.includes(feature)).length;
  return found / features.length;
}

function sentenceFeatures(sentence: string, synonyms: SynonymTable): string[] {
  const features = new Set<string>();
  let rest = removeMarkers(sentence);
  if (synonyms.pattern !== null) {
    // A synonym is one feature (its canonical form), so a long canonical
    // term such as 物业服务企业 does not outweigh the rest of the sentence.
    rest = rest.replace(synonyms.pattern, (term) => {
      features.add((synonyms.canonical.get(term) ?? term).toLowerCase());
      return '，';
    });
  }
  for (const word of segmentWords(rest)) {
    if (isStopWord(word)) continue;
    const characters = [...word];
    if (characters.length === 1) {
      features.add(word);
      continue;
    }
    for (let i = 0; i + 1 < characters.length; i += 1) {
      features.add(`${characters[i]}${characters[i + 1]}`);
    }
  }
  return [...features];
}
