import type { Store } from '../store/database.ts';
import {
  developmentQuestions,
  developmentUnanswerableQuestions,
} from './development-questions.ts';
import {
  handWrittenQuestions,
  unanswerableQuestions,
  type ExpectedQuestion,
} from './eval-questions.ts';
import { generateQuestions } from './generate-questions.ts';
import { allPassages } from './kb-database.ts';
import type { Passage } from './passage.ts';
import { relevanceRejection } from './relevance-gate.ts';
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

/** Refusals on a set of questions no article answers. */
export interface RefusalMetrics {
  name: string;
  questions: number;
  /** Share refused (`not_covered`); higher is better. */
  refusalRate: number;
  /** Questions answered although they should be refused. */
  answered: string[];
}

/** A question whose expected article missed the top five. */
export interface EvaluationMiss {
  set: string;
  question: string;
  /** The first hit as title and article; null when nothing was found. */
  top: string | null;
}

/** The full evaluation report. */
export interface EvaluationReport {
  seed: number;
  sets: SetMetrics[];
  unanswerable: RefusalMetrics[];
  misses: EvaluationMiss[];
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
 * Evaluates retrieval and the not-covered gate: questions generated from
 * the stored articles (seeded); the hand-written test questions with
 * expected articles and the separate development questions that the
 * weights and thresholds are tuned on; and two sets of unanswerable
 * questions (test and development).
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
    generatedRefused.push(relevanceRejection(hits) !== null);
  }

  const misses: EvaluationMiss[] = [];
  const expectedSet = async (
    name: string,
    questions: readonly ExpectedQuestion[],
  ): Promise<SetMetrics> => {
    const ranks: (number | null)[] = [];
    const refusals: boolean[] = [];
    for (const item of questions) {
      const hits = await search(item.question);
      const index = hits.findIndex((hit) =>
        item.expected.some((e) => matchesExpected(hit.passage, e)),
      );
      ranks.push(index < 0 ? null : index + 1);
      refusals.push(relevanceRejection(hits) !== null);
      if (index < 0 || index >= 5) {
        const top = hits[0]?.passage;
        misses.push({
          set: name,
          question: item.question,
          top: top ? `${top.documentTitle}${top.article ?? ''}` : null,
        });
      }
    }
    return metrics(name, ranks, refusals);
  };
  const refusalSet = async (
    name: string,
    questions: readonly string[],
  ): Promise<RefusalMetrics> => {
    const answered: string[] = [];
    for (const question of questions) {
      if (relevanceRejection(await search(question)) === null) {
        answered.push(question);
      }
    }
    const count = questions.length || 1;
    return {
      name,
      questions: questions.length,
      refusalRate: (questions.length - answered.length) / count,
      answered,
    };
  };

  return {
    seed,
    sets: [
      metrics('generated', generatedRanks, generatedRefused),
      await expectedSet('hand-written test', handWrittenQuestions),
      await expectedSet('development', developmentQuestions),
    ],
    unanswerable: [
      await refusalSet('unanswerable test', unanswerableQuestions),
      await refusalSet(
        'unanswerable development',
        developmentUnanswerableQuestions,
      ),
    ],
    misses,
  };
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
