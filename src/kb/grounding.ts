import { citedText, type Passage } from './passage.ts';
import {
  findArticleReferences,
  findLawTitles,
  findQuantities,
} from './quantities.ts';
import { splitSentences } from './split-sentences.ts';
import { removeMarkers, supportScore } from './support-score.ts';
import type { SynonymTable } from './synonyms.ts';

/**
 * Lowest support score at which a cited passage counts as supporting its
 * sentence. Tuned on the evaluation sets: quoted articles score 1, a
 * faithful paraphrase 0.6–0.9, and a sentence citing an unrelated passage
 * of the same topic 0.1–0.35 (see docs/benchmarks.md).
 */
export const supportThreshold = 0.5;

/** Why a sentence fails a check. */
export type GroundingIssueCode =
  | 'no_citation'
  | 'unknown_marker'
  | 'unsupported'
  | 'number_not_in_source'
  | 'title_not_in_source'
  | 'article_not_in_source';

/** One failed check on one sentence. */
export interface GroundingIssue {
  code: GroundingIssueCode;
  /** The marker, number, title or article at fault, if any. */
  value: string | null;
}

/** A sentence with its citations and the result of every check. */
export interface CheckedSentence {
  /** The sentence as written, markers included. */
  raw: string;
  /** The sentence without markers. */
  text: string;
  /** Every marker number written in the sentence. */
  markers: number[];
  /** Support score of each existing cited source, by marker. */
  supportScores: Record<number, number>;
  issues: GroundingIssue[];
  /** True when every check passed. */
  supported: boolean;
}

/** Result of checking an answer against its sources. */
export interface GroundingResult {
  sentences: CheckedSentence[];
  /** True when the answer has sentences and all of them pass. */
  grounded: boolean;
}

/**
 * Checks an answer against the numbered sources it was written from
 * (marker [n] refers to `sources[n - 1]`). Every sentence must cite; every
 * marker must name an existing source; each cited source must reach
 * `supportThreshold`; and every quantity (三十日 = 30日), law title (《…》)
 * and article number (第X条) in the sentence must occur in the text of a
 * cited source, formatted as 《title》第X条：text.
 */
export function checkGrounding(
  answer: string,
  sources: readonly Passage[],
  synonyms: SynonymTable,
  threshold: number = supportThreshold,
): GroundingResult {
  const sentences = splitSentences(answer).map((raw) =>
    checkSentence(raw, sources, synonyms, threshold),
  );
  return {
    sentences,
    grounded: sentences.length > 0 && sentences.every((s) => s.supported),
  };
}

function checkSentence(
  raw: string,
  sources: readonly Passage[],
  synonyms: SynonymTable,
  threshold: number,
): CheckedSentence {
  const markers = parseMarkers(raw);
  const text = removeMarkers(raw).trim();
  const issues: GroundingIssue[] = [];
  const supportScores: Record<number, number> = {};
  if (markers.length === 0) issues.push({ code: 'no_citation', value: null });

  const cited: Passage[] = [];
  for (const marker of markers) {
    const source = sources[marker - 1];
    if (marker < 1 || source === undefined) {
      issues.push({ code: 'unknown_marker', value: `[${marker}]` });
      continue;
    }
    cited.push(source);
    const score = supportScore(text, citedText(source), synonyms);
    supportScores[marker] = Math.round(score * 1000) / 1000;
    if (score < threshold) {
      issues.push({ code: 'unsupported', value: `[${marker}]` });
    }
  }

  const evidence = cited.map(citedText).join('\n');
  const evidenceQuantities = new Set(findQuantities(evidence).map((q) => q.key));
  for (const quantity of findQuantities(text)) {
    if (!evidenceQuantities.has(quantity.key)) {
      issues.push({ code: 'number_not_in_source', value: quantity.text });
    }
  }
  const evidenceArticles = new Set(
    findArticleReferences(evidence).map((reference) => reference.key),
  );
  for (const reference of findArticleReferences(text)) {
    if (!evidenceArticles.has(reference.key)) {
      issues.push({ code: 'article_not_in_source', value: reference.text });
    }
  }
  const evidenceTitles = findLawTitles(evidence).map(normalizeTitle);
  for (const title of findLawTitles(text)) {
    if (!evidenceTitles.some((known) => sameTitle(normalizeTitle(title), known))) {
      issues.push({ code: 'title_not_in_source', value: `《${title}》` });
    }
  }
  return {
    raw,
    text,
    markers,
    supportScores,
    issues,
    supported: issues.length === 0,
  };
}

/** Reads [1], [1][2] and [1,2] markers, in order, without duplicates. */
export function parseMarkers(sentence: string): number[] {
  const markers: number[] = [];
  for (const group of sentence.matchAll(/\[(\d+(?:\s*[,，、]\s*\d+)*)\]/gu)) {
    for (const part of (group[1] ?? '').split(/\s*[,，、]\s*/u)) {
      const marker = Number(part);
      if (!markers.includes(marker)) markers.push(marker);
    }
  }
  return markers;
}

function normalizeTitle(title: string): string {
  return title.replace(/^中华人民共和国/u, '').replace(/\s+/gu, '');
}

/** 民法典 matches 民法典·物权编; 劳动法 never matches 劳动合同法. */
function sameTitle(written: string, known: string): boolean {
  if (written === known) return true;
  const parts = known.split('·');
  return parts[0] === written || parts.join('') === written;
}
