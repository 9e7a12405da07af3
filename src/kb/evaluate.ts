import type { Store } from '../store/database.ts';
import { coverageThreshold } from './answer-question.ts';
import { handWrittenQuestions, unanswerableQuestions } from './eval-questions.ts';
import { generateQuestions } from './generate-questions.ts';
import { allPassages } from './kb-database.ts';
import type { Passage } from './passage.ts';
import { searchPassages, type SearchHit } from './search-passages.ts';
import { seededRandom } from './seeded-random.ts';
import type { SynonymTable } from './synonyms.ts';

/** Retrieval and refusal metrics of one question set. */
export interface SetMetrics {
  name: string;
  questions: number;
  /** Share with the expected passage ranked first. */
  recallAt1: number;
  /** Share with the expected passage in the top five. */
  recallAt5: number;
  /** Mean reciprocal rank over the top ten (0 when absent). */
  mrr: number;
  /** Share refused (`not_covered`) although answerable. */
  falseRefusalRate: number;
}

/** The full evaluation report. */
export interface EvaluationReport {
  seed: number;
  sets: SetMetrics[];
  unanswerable: { questions: number; refusalRate: number };
  /** Hand-written questions whose expected article missed the top five. */
  misses: { question: string; top: string | null }[];
}

/** Options of `evaluateKnowledgeBase`. */
export interface EvaluationOptions {
  synonyms: SynonymTable;
  seed?: number;
  /** Generated questions, one per sampled article. */
  generatedCount?: number;
}

const depth = 10;

/**
 * Evaluates retrieval and the not-covered gate on three sets: questions
 * generated from the stored articles (seeded), the hand-written citizen
 * questions with expected articles, and unanswerable questions.
 */
export async function evaluateKnowledgeBase(
  store: Store,
  options: EvaluationOptions,
): Promise<EvaluationReport> {
  const seed = options.seed ?? 12345;
  const passages = allPassages(store);
  const generated = generateQuestions(
    passages,
    options.synonyms,
    seededRandom(seed),
    options.generatedCount ?? 300,
  );
  const search = (question: string): Promise<SearchHit[]> =>
    searchPassages(store, question, { synonyms: options.synonyms, limit: depth });

  const generatedRanks: (number | null)[] = [];
  const generatedRefused: boolean[] = [];
  for (const item of generated) {
    const hits = await search(item.question);
    const index = hits.findIndex((hit) => hit.passage.id === item.passageId);
    generatedRanks.push(index < 0 ? null : index + 1);
    generatedRefused.push(refused(hits));
  }

  const handRanks: (number | null)[] = [];
  const handRefused: boolean[] = [];
  const misses: EvaluationReport['misses'] = [];
  for (const item of handWrittenQuestions) {
    const hits = await search(item.question);
    const index = hits.findIndex((hit) =>
      item.expected.some((e) => matchesExpected(hit.passage, e)),
    );
    handRanks.push(index < 0 ? null : index + 1);
    handRefused.push(refused(hits));
    if (index < 0 || index >= 5) {
      const top = hits[0]?.passage;
      misses.push({
        question: item.question,
        top: top ? `${top.documentTitle}${top.article ?? ''}` : null,
      });
    }
  }

  let refusals = 0;
  for (const question of unanswerableQuestions) {
    if (refused(await search(question))) refusals += 1;
  }
  return {
    seed,
    sets: [
      metrics('generated', generatedRanks, generatedRefused),
      metrics('hand-written', handRanks, handRefused),
    ],
    unanswerable: {
      questions: unanswerableQuestions.length,
      refusalRate: refusals / unanswerableQuestions.length,
    },
    misses,
  };
}

function refused(hits: readonly SearchHit[]): boolean {
  return (hits[0]?.coverage ?? 0) < coverageThreshold;
}

/** Law short names match titles with or without 中华人民共和国/民法典·. */
function matchesExpected(
  passage: Passage,
  expected: { law: string; article: string },
): boolean {
  const title = passage.documentTitle
    .replace(/^中华人民共和国/u, '')
    .replace(/^民法典·/u, '');
  return title === expected.law && passage.article === expected.article;
}

function metrics(
  name: string,
  ranks: readonly (number | null)[],
  refusals: readonly boolean[],
): SetMetrics {
  const count = ranks.length || 1;
  const share = (predicate: (rank: number | null) => boolean): number =>
    ranks.filter(predicate).length / count;
  return {
    name,
    questions: ranks.length,
    recallAt1: share((rank) => rank === 1),
    recallAt5: share((rank) => rank !== null && rank <= 5),
    mrr: ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0) / count,
    falseRefusalRate: refusals.filter(Boolean).length / count,
  };
}
