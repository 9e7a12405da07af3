import type { Store } from '../store/database.ts';
import { HotlineError } from '../errors/index.ts';
import { noopLogger, type Logger } from '../logger.ts';
import type { ChatClient } from './chat-client.ts';
import type { EmbeddingClient } from './embedding-client.ts';
import { checkGrounding, type CheckedSentence } from './grounding.ts';
import { kbMessages, reasonTexts } from './messages.ts';
import { citedText, type Passage } from './passage.ts';
import {
  searchPassages,
  type SearchFilters,
  type SearchHit,
} from './search-passages.ts';
import { loadSynonyms, type SynonymTable } from './synonyms.ts';
import { coverageThreshold, relevanceRejection } from './relevance-gate.ts';


/** A source an answer cites, as shown to the agent. */
export interface Citation {
  marker: number;
  documentTitle: string;
  article: string | null;
  passageId: number;
  /** Best support score of this source over the sentences citing it. */
  supportScore: number;
  text: string;
}

/** The outcome of `answerQuestion`. */
export interface AnswerResult {
  status: 'answered' | 'handed_over' | 'not_covered';
  /** The text to read out; null unless answered, or the not-covered note. */
  answer: string | null;
  /** 'extractive' without a chat model, else 'generated'. */
  mode: 'extractive' | 'generated';
  /** Sources cited by sentences that passed every check. */
  citations: Citation[];
  /** Every sentence of the draft with its checks. */
  sentences: {
    text: string;
    /** Markers that passed; empty for a flagged sentence. */
    markers: number[];
    supported: boolean;
    supportScores: Record<number, number>;
    issues: CheckedSentence['issues'];
  }[];
  /** Why the answer was handed over or not covered. */
  reasons: string[];
  /** Retrieved sources in marker order ([1] first). */
  sources: { marker: number; passage: Passage; coverage: number }[];
}

/** Options of `answerQuestion`. */
export interface AnswerOptions {
  synonyms?: SynonymTable;
  /** Chat model; null or absent gives the extractive answer. */
  chat?: ChatClient | null;
  embeddings?: EmbeddingClient | null;
  filters?: SearchFilters;
  /** Retrieved sources numbered in the prompt. */
  sourceCount?: number;
  logger?: Logger;
}

/**
 * Answers a citizen's question from the knowledge base. Retrieval that
 * fails the relevance gate (`relevanceRejection`) gives `not_covered`. Otherwise
 * the extractive answer (quotes of the best articles) or the chat model's
 * answer is checked sentence by sentence (`checkGrounding`); any failure
 * gives `handed_over` with the reasons, and the text is not returned as an
 * answer.
 */
export async function answerQuestion(
  store: Store,
  question: string,
  options: AnswerOptions = {},
): Promise<AnswerResult> {
  const synonyms = options.synonyms ?? loadSynonyms();
  const logger = options.logger ?? noopLogger;
  const chat = options.chat ?? null;
  const mode = chat === null ? 'extractive' : 'generated';
  const hits = await searchPassages(store, question, {
    synonyms,
    limit: options.sourceCount ?? 5,
    embeddings: options.embeddings ?? null,
    logger,
    ...(options.filters ? { filters: options.filters } : {}),
  });
  const sources = hits.map((hit) => ({
    marker: hit.rank,
    passage: hit.passage,
    coverage: hit.coverage,
  }));
  const rejection = relevanceRejection(hits);
  if (rejection !== null) {
    return {
      status: 'not_covered',
      answer: kbMessages.notCovered,
      mode,
      citations: [],
      sentences: [],
      reasons: [rejection],
      sources,
    };
  }

  let draft: string;
  if (chat === null) {
    draft = extractiveAnswer(hits);
  } else {
    try {
      draft = await chat.complete(promptMessages(question, hits));
    } catch (error) {
      if (!HotlineError.isInstance(error)) throw error;
      logger.error({ code: error.code, error: error.message }, 'chat model failed');
      return handOver(mode, sources, [], [`${kbMessages.modelFailed}: ${error.message}`]);
    }
  }
  const passages = hits.map((hit) => hit.passage);
  const grounding = checkGrounding(draft, passages, synonyms);
  const sentences = grounding.sentences.map((sentence) => ({
    text: sentence.text,
    markers: sentence.supported ? sentence.markers : [],
    supported: sentence.supported,
    supportScores: sentence.supportScores,
    issues: sentence.issues,
  }));
  if (!grounding.grounded) {
    const reasons = grounding.sentences.flatMap((sentence) =>
      sentence.issues.map((issue) =>
        (reasonTexts[issue.code] ?? ((v) => `${issue.code} ${v ?? ''}`))(
          issue.value,
          sentence.text,
        ),
      ),
    );
    if (grounding.sentences.length === 0) reasons.push('the answer is empty');
    return handOver(mode, sources, sentences, reasons);
  }
  return {
    status: 'answered',
    answer: draft,
    mode,
    citations: collectCitations(grounding.sentences, passages),
    sentences,
    reasons: [],
    sources,
  };
}

function handOver(
  mode: AnswerResult['mode'],
  sources: AnswerResult['sources'],
  sentences: AnswerResult['sentences'],
  reasons: string[],
): AnswerResult {
  return {
    status: 'handed_over',
    answer: null,
    mode,
    citations: [],
    sentences,
    reasons: [kbMessages.handedOver, ...reasons],
    sources,
  };
}

/** Share of the best hit's ranking score a further quote needs. */
export const quoteScoreShare = 0.8;

/** Share of the question's concepts a further quote must cover. */
export const quoteConceptShare = 0.5;

/** Most passages one extractive answer quotes. */
export const maxQuotes = 3;

/**
 * Quotes the best passage, plus up to `maxQuotes` - 1 more that score at
 * least `quoteScoreShare` of the best, pass the relevance gate and cover
 * at least `quoteConceptShare` of the question's concepts, as
 * 根据《title》第X条：「text」[n]. Numbers never count as concepts, so a
 * passage that matched only on 三个月 is not quoted.
 */
export function extractiveAnswer(hits: readonly SearchHit[]): string {
  const [first, ...rest] = hits;
  if (first === undefined) return '';
  const chosen = [first];
  for (const hit of rest) {
    if (chosen.length >= maxQuotes) break;
    if (isQuotable(hit, first)) chosen.push(hit);
  }
  return chosen
    .map((hit) => {
      const lead = kbMessages.extractiveLead(
        hit.passage.documentTitle,
        hit.passage.article,
      );
      return `${lead}「${hit.passage.text.replace(/\n/gu, '')}」[${hit.rank}]`;
    })
    .join('\n');
}

function isQuotable(hit: SearchHit, best: SearchHit): boolean {
  return (
    hit.score >= best.score * quoteScoreShare &&
    hit.coverage >= coverageThreshold &&
    hit.coveredConcepts >= hit.conceptCount * quoteConceptShare
  );
}

function promptMessages(question: string, hits: readonly SearchHit[]) {
  const sources = hits
    .map((hit) => `[${hit.rank}] ${citedText(hit.passage)}`)
    .join('\n');
  return [
    { role: 'system' as const, content: kbMessages.systemPrompt },
    { role: 'user' as const, content: kbMessages.userPrompt(question, sources) },
  ];
}

function collectCitations(
  sentences: readonly CheckedSentence[],
  passages: readonly Passage[],
): Citation[] {
  const byMarker = new Map<number, Citation>();
  for (const sentence of sentences) {
    for (const marker of sentence.markers) {
      const passage = passages[marker - 1];
      if (passage === undefined) continue;
      const score = sentence.supportScores[marker] ?? 0;
      const known = byMarker.get(marker);
      if (known && known.supportScore >= score) continue;
      byMarker.set(marker, {
        marker,
        documentTitle: passage.documentTitle,
        article: passage.article,
        passageId: passage.id,
        supportScore: score,
        text: passage.text,
      });
    }
  }
  return [...byMarker.values()].sort((a, b) => a.marker - b.marker);
}
