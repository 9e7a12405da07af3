/** Maximum summary length in characters. */
export const maxSummaryLength = 60;

const sentenceBreak = /[^。！？；!?;\n]+[。！？；!?;]*/g;
const clauseBreak = /[^，,、：:]+[，,、：:]*/g;
const salutation =
  /^(?:\s*(?:尊敬的[^，,：:！!。]{0,12}[，,：:！!]|(?:您好|你好|领导好)[，,！!。：:]?))+\s*/;
const trailingPunctuation = /[\s，,、：:。！？；!?;]+$/;

/** Sentences ranked at most, counted from the start of the body. */
const maxRankedSentences = 30;

/** Damping factor of the TextRank walk, as in PageRank. */
const damping = 0.85;
const iterations = 30;

/**
 * Writes an extractive one-sentence summary of an appeal, at most
 * {@link maxSummaryLength} characters when the text allows a clause
 * boundary there. Sentences are ranked with TextRank over character-bigram
 * overlap, weighted towards early sentences and those sharing words with
 * the title. The best one is cut back to whole clauses. A short informative
 * title that the sentence does not repeat goes in front, joined with
 * "，". Every part of the result is a substring of the title or the body.
 */
export function summarize(title: string, body: string): string {
  const cleanTitle = title.replace(/^关于/, '').replace(trailingPunctuation, '');
  // Ranking is quadratic in sentences; the position prior favours early
  // ones, so later sentences of very long appeals are not ranked.
  const sentences = splitSentences(body.replace(salutation, '')).slice(
    0,
    maxRankedSentences,
  );
  if (sentences.length === 0) return trimToClauses(cleanTitle);

  const titleBigrams = bigramsOf(cleanTitle);
  const best = rankSentences(sentences, titleBigrams);
  const sentence = trimToClauses(best);
  if (
    cleanTitle.length >= 6 &&
    cleanTitle.length <= 30 &&
    overlap(titleBigrams, bigramsOf(sentence)) < 0.3 * titleBigrams.size &&
    cleanTitle.length + 1 + sentence.length <= maxSummaryLength
  ) {
    return `${cleanTitle}，${sentence}`;
  }
  return sentence;
}

function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const match of text.matchAll(sentenceBreak)) {
    const sentence = match[0].trim().replace(trailingPunctuation, '');
    if (bigramsOf(sentence).size >= 2) sentences.push(sentence);
  }
  return sentences;
}

function rankSentences(sentences: string[], titleBigrams: Set<number>): string {
  const bigrams = sentences.map(bigramsOf);
  const count = sentences.length;
  const weights: number[][] = bigrams.map((a, i) =>
    bigrams.map((b, j) => (i === j ? 0 : similarity(a, b))),
  );
  const totals = weights.map((row) => row.reduce((sum, w) => sum + w, 0));
  let rank = new Array<number>(count).fill(1 / count);
  for (let step = 0; step < iterations; step++) {
    rank = rank.map((_, i) => {
      let incoming = 0;
      for (let j = 0; j < count; j++) {
        const total = totals[j] as number;
        if (total > 0) {
          incoming += (((weights[j] as number[])[i] as number) / total) * (rank[j] as number);
        }
      }
      return (1 - damping) / count + damping * incoming;
    });
  }
  let best = 0;
  let bestScore = -Infinity;
  sentences.forEach((_, i) => {
    const position = 1 / (1 + i);
    const titleShare =
      titleBigrams.size === 0
        ? 0
        : overlap(titleBigrams, bigrams[i] as Set<number>) / titleBigrams.size;
    const score = (rank[i] as number) * count * (1 + 0.5 * position) + titleShare;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return sentences[best] as string;
}

/** Cuts a sentence back to whole clauses within the length limit. */
function trimToClauses(sentence: string): string {
  if (sentence.length <= maxSummaryLength) return sentence;
  let result = '';
  for (const match of sentence.matchAll(clauseBreak)) {
    if (result.length + match[0].length > maxSummaryLength) break;
    result += match[0];
  }
  result = result.replace(trailingPunctuation, '');
  // NOTE: a first clause longer than the limit is cut mid-clause.
  return result === '' ? sentence.slice(0, maxSummaryLength) : result;
}

/** True for CJK unified ideographs, ASCII letters and digits. */
function isWordCode(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122)
  );
}

/** Character bigrams of the word characters, as numbers (two code units). */
function bigramsOf(text: string): Set<number> {
  const bigrams = new Set<number>();
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isWordCode(code)) continue;
    if (previous >= 0) bigrams.add(previous * 65536 + code);
    previous = code;
  }
  return bigrams;
}

function overlap(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const bigram of small) if (large.has(bigram)) shared++;
  return shared;
}

/** TextRank similarity: shared bigrams over the log sizes. */
function similarity(a: Set<number>, b: Set<number>): number {
  const denominator = Math.log(a.size + 1) + Math.log(b.size + 1);
  return denominator === 0 ? 0 : overlap(a, b) / denominator;
}
