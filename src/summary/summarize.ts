/** Maximum summary length in characters. */
export const maxSummaryLength = 60;

const sentenceBreak = /[^。！？；!?;\n]+[。！？；!?;]*/g;
const clauseBreak = /[^，,、：:]+[，,、：:]*/g;
const salutation =
  /^(?:\s*(?:尊敬的[^，,：:！!。]{0,12}[，,：:！!]|(?:您好|你好|领导好)[，,！!。：:]?))+\s*/;
const trailingPunctuation = /[\s，,、：:。！？；!?;]+$/;

/** Maximum number of sentences ranked, from the start of the body. Each
 *  owns one bit of a 32-bit mask, so it must stay below titleBit. */
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
  const sentences = splitSentences(body.replace(salutation, ''));
  if (sentences.length === 0) return trimToClauses(cleanTitle);

  const graph = buildOverlaps(sentences, cleanTitle);
  const best = rankSentences(graph);
  const chosen = sentences[best] as string;
  const sentence = trimToClauses(chosen);
  const titleShared =
    sentence === chosen
      ? (graph.titleOverlap[best] as number)
      : countShared(cleanTitle, sentence);
  if (
    cleanTitle.length >= 6 &&
    cleanTitle.length <= 30 &&
    titleShared < 0.3 * graph.titleSize &&
    cleanTitle.length + 1 + sentence.length <= maxSummaryLength
  ) {
    return `${cleanTitle}，${sentence}`;
  }
  return sentence;
}

/**
 * Splits text into the sentences worth ranking: those with at least two
 * distinct bigrams. Ranking is quadratic in sentences and the position
 * prior favours early ones, so only the first {@link maxRankedSentences}
 * are kept.
 */
function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  sentenceBreak.lastIndex = 0;
  let match = sentenceBreak.exec(text);
  while (match !== null && sentences.length < maxRankedSentences) {
    const sentence = match[0].trim().replace(trailingPunctuation, '');
    if (hasTwoBigrams(sentence)) sentences.push(sentence);
    match = sentenceBreak.exec(text);
  }
  return sentences;
}

/** Bigram statistics of the sentences and the title. */
interface Overlaps {
  count: number;
  /** Distinct bigrams per sentence. */
  sizes: Int32Array;
  /** Shared distinct bigrams of sentences i and j at i * count + j. */
  shared: Int32Array;
  /** Distinct bigrams each sentence shares with the title. */
  titleOverlap: Int32Array;
  /** Distinct bigrams of the title. */
  titleSize: number;
}

// The texts that contain a bigram are bits of one 32-bit mask: bit i for
// sentence i and bit titleBit for the title.
const titleBit = 31;

/**
 * Open-addressing hash table from bigram key to owner mask, in typed
 * arrays reused across calls. A key of -1 marks an empty slot; `used`
 * lists the filled slots, so clearing costs their number only.
 */
let tableKeys = new Int32Array(1024).fill(-1);
let tableMasks = new Int32Array(1024);
let used = new Int32Array(512);
let usedCount = 0;

/** Makes room for `entries` keys at a load factor of at most one half. */
function resetTable(entries: number): void {
  for (let i = 0; i < usedCount; i++) tableKeys[used[i] as number] = -1;
  usedCount = 0;
  if (tableKeys.length >= entries * 2) return;
  let capacity = tableKeys.length;
  while (capacity < entries * 2) capacity *= 2;
  tableKeys = new Int32Array(capacity).fill(-1);
  tableMasks = new Int32Array(capacity);
  used = new Int32Array(capacity / 2);
}

/** Sets `bit` in the mask of `key`, adding the key when it is new. */
function addOwnerBit(key: number, bit: number): void {
  const slotMask = tableKeys.length - 1;
  let slot = Math.imul(key, 0x9e3779b1) >>> 0 & slotMask;
  for (;;) {
    const found = tableKeys[slot] as number;
    if (found === key) {
      tableMasks[slot]! |= bit;
      return;
    }
    if (found === -1) {
      tableKeys[slot] = key;
      tableMasks[slot] = bit;
      used[usedCount++] = slot;
      return;
    }
    slot = (slot + 1) & slotMask;
  }
}

/**
 * Counts distinct and shared bigrams in one pass over the texts instead
 * of comparing every pair of sentences: each distinct bigram maps to the
 * mask of the texts that contain it.
 */
function buildOverlaps(sentences: string[], title: string): Overlaps {
  const count = sentences.length;
  let length = title.length;
  for (const sentence of sentences) length += sentence.length;
  resetTable(length);
  sentences.forEach((sentence, owner) => addBigramOwner(sentence, owner));
  addBigramOwner(title, titleBit);

  const result: Overlaps = {
    count,
    sizes: new Int32Array(count),
    shared: new Int32Array(count * count),
    titleOverlap: new Int32Array(count),
    titleSize: 0,
  };
  const owners = new Int32Array(titleBit);
  for (let entry = 0; entry < usedCount; entry++) {
    const mask = tableMasks[used[entry] as number] as number;
    const hasTitle = mask >>> titleBit === 1;
    if (hasTitle) result.titleSize++;
    let rest = mask & ~(1 << titleBit);
    let ownerCount = 0;
    while (rest !== 0) {
      const lowest = rest & -rest;
      owners[ownerCount++] = 31 - Math.clz32(lowest);
      rest ^= lowest;
    }
    for (let a = 0; a < ownerCount; a++) {
      const first = owners[a] as number;
      result.sizes[first]!++;
      if (hasTitle) result.titleOverlap[first]!++;
      for (let b = a + 1; b < ownerCount; b++) {
        const second = owners[b] as number;
        result.shared[first * count + second]!++;
        result.shared[second * count + first]!++;
      }
    }
  }
  return result;
}

/** Sets the owner's bit in the mask of each bigram of the text. */
function addBigramOwner(text: string, owner: number): void {
  const bit = 1 << owner;
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const word = wordIndex(text.charCodeAt(i));
    if (word < 0) continue;
    if (previous >= 0) {
      // Below 2^30, so the key fits the Int32Array of the table.
      const key = previous * wordCodeCount + word;
      addOwnerBit(key, bit);
    }
    previous = word;
  }
}

/**
 * Returns the index of the sentence with the best TextRank score, weighted
 * towards early sentences and those sharing bigrams with the title. Edge
 * weights are shared bigrams over the log sizes. Each rank sum adds its
 * non-zero terms in source order, as the textbook loop over all pairs
 * does, so the scores do not depend on this layout.
 */
function rankSentences(graph: Overlaps): number {
  const { count, sizes, shared } = graph;
  const logSizes = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    logSizes[i] = Math.log((sizes[i] as number) + 1);
  }
  // shares[j * count + i]: weight of the edge j → i over j's total weight.
  const shares = new Float64Array(count * count);
  for (let j = 0; j < count; j++) {
    let total = 0;
    for (let i = 0; i < count; i++) {
      if (i === j) continue;
      const denominator = (logSizes[j] as number) + (logSizes[i] as number);
      const weight =
        denominator === 0
          ? 0
          : (shared[j * count + i] as number) / denominator;
      shares[j * count + i] = weight;
      total += weight;
    }
    if (total > 0) {
      for (let i = 0; i < count; i++) shares[j * count + i]! /= total;
    }
  }
  // Incoming edges of sentence i with a non-zero share, by source j:
  // sources and weights from starts[i] up to starts[i + 1].
  const starts = new Int32Array(count + 1);
  const sources = new Int32Array(count * count);
  const weights = new Float64Array(count * count);
  let edges = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = edges;
    for (let j = 0; j < count; j++) {
      const share = shares[j * count + i] as number;
      if (share === 0) continue;
      sources[edges] = j;
      weights[edges] = share;
      edges++;
    }
  }
  starts[count] = edges;

  let rank = new Float64Array(count).fill(1 / count);
  let next = new Float64Array(count);
  for (let step = 0; step < iterations; step++) {
    for (let i = 0; i < count; i++) {
      let incoming = 0;
      const end = starts[i + 1] as number;
      for (let edge = starts[i] as number; edge < end; edge++) {
        const source = sources[edge] as number;
        incoming += (weights[edge] as number) * (rank[source] as number);
      }
      next[i] = (1 - damping) / count + damping * incoming;
    }
    [rank, next] = [next, rank];
  }

  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < count; i++) {
    const position = 1 / (1 + i);
    const titleShare =
      graph.titleSize === 0
        ? 0
        : (graph.titleOverlap[i] as number) / graph.titleSize;
    const score =
      (rank[i] as number) * count * (1 + 0.5 * position) + titleShare;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
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

/** Number of distinct values of {@link wordIndex}. */
const wordCodeCount = 0x9fff - 0x4e00 + 1 + 62;

/**
 * Returns a dense index of a word character (CJK unified ideograph, ASCII
 * letter or digit) below {@link wordCodeCount}, or -1 for any other code.
 */
function wordIndex(code: number): number {
  if (code >= 0x4e00 && code <= 0x9fff) return code - 0x4e00 + 62;
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 65 + 10;
  if (code >= 97 && code <= 122) return code - 97 + 36;
  return -1;
}

/** True when the text has at least two distinct bigrams. */
function hasTwoBigrams(text: string): boolean {
  let first = -1;
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isWordCode(code)) continue;
    if (previous >= 0) {
      const bigram = previous * 65536 + code;
      if (first < 0) first = bigram;
      else if (bigram !== first) return true;
    }
    previous = code;
  }
  return false;
}

/** Distinct bigrams of the word characters, as numbers. */
function bigramSet(text: string): Set<number> {
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

/** Number of distinct bigrams two texts share. */
function countShared(left: string, right: string): number {
  const rightBigrams = bigramSet(right);
  let shared = 0;
  for (const bigram of bigramSet(left)) if (rightBigrams.has(bigram)) shared++;
  return shared;
}
