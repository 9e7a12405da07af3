import type { Random } from '../model/random.ts';
import type { FeatureSettings } from '../text/features.ts';

/**
 * One point of the architecture search space. Two families share it: the
 * compact student (selected n-grams in a tagged int8 table, see
 * `CompactModel`) and the mixture-of-experts student over a hashed
 * embedding. Fields a family does not use are 0.
 */
export interface Candidate {
  family: 'compact' | 'moe';
  /** Longest character n-gram (shortest is always 1). */
  ngramMax: number;
  /** Hash buckets (moe) or table slots (compact) = 2^bucketBits. */
  bucketBits: number;
  /** Compact: share of the slots filled with selected n-grams. */
  fill: number;
  /** Embedding size d. */
  dimension: number;
  /** Number of experts N; 0 gives an embedding bag with a linear layer. */
  experts: number;
  /** Hidden units per expert. */
  hidden: number;
  /** Experts run per appeal. */
  topK: number;
  /** Weight precision at inference: 8 (int8 path) or 32 (float). */
  bits: 8 | 32;
  /** Share of live rows removed by magnitude after training. */
  pruneRatio: number;
}

/** The values each numeric field may take. */
export const searchSpace = {
  ngramMax: [2, 3, 4, 5],
  bucketBits: [14, 15, 16, 17, 18],
  fill: [0.5, 0.7, 0.9, 1],
  dimension: [8, 12, 16, 24, 32],
  experts: [0, 2, 4, 8],
  hidden: [8, 16, 32],
  topK: [1, 2],
  bits: [8, 32] as Array<8 | 32>,
  pruneRatio: [0, 0.3, 0.5, 0.7],
} as const;

type Field = keyof typeof searchSpace;

/**
 * Fields each family searches; the others stay 0. A compact model file
 * always stores int8 weights, so its float form is measured by the
 * student benchmark, not searched.
 */
const familyFields: Record<Candidate['family'], readonly Field[]> = {
  compact: ['ngramMax', 'bucketBits', 'fill', 'pruneRatio'],
  moe: ['ngramMax', 'bucketBits', 'dimension', 'experts', 'hidden', 'topK', 'bits', 'pruneRatio'],
};

function pick<T>(values: readonly T[], random: Random): T {
  return values[Math.floor(random() * values.length)]!;
}

/** Makes a candidate valid: topK ≤ experts, unused sizes set to 0. */
export function normaliseCandidate(candidate: Candidate): Candidate {
  if (candidate.family === 'compact') {
    return {
      ...candidate,
      fill: candidate.fill === 0 ? 0.9 : candidate.fill,
      bits: 8,
      dimension: 0,
      experts: 0,
      hidden: 0,
      topK: 0,
    };
  }
  const moe = {
    ...candidate,
    fill: 0,
    dimension: candidate.dimension === 0 ? searchSpace.dimension[0] : candidate.dimension,
  };
  if (moe.experts === 0) {
    return { ...moe, hidden: 0, topK: 0 };
  }
  const hidden = moe.hidden === 0 ? searchSpace.hidden[0] : moe.hidden;
  return {
    ...moe,
    hidden,
    topK: Math.min(Math.max(1, moe.topK), moe.experts),
  };
}

/** Draws a candidate uniformly: a family, then each of its fields. */
export function sampleCandidate(random: Random): Candidate {
  return normaliseCandidate({
    family: random() < 0.5 ? 'compact' : 'moe',
    ngramMax: pick(searchSpace.ngramMax, random),
    bucketBits: pick(searchSpace.bucketBits, random),
    fill: pick(searchSpace.fill, random),
    dimension: pick(searchSpace.dimension, random),
    experts: pick(searchSpace.experts, random),
    hidden: pick(searchSpace.hidden, random),
    topK: pick(searchSpace.topK, random),
    bits: pick(searchSpace.bits, random),
    pruneRatio: pick(searchSpace.pruneRatio, random),
  });
}

/**
 * Returns a copy of `candidate` with one or two of its family's fields
 * moved to a neighbouring value of the search space (evolutionary
 * mutation). The family itself does not change.
 */
export function mutateCandidate(candidate: Candidate, random: Random): Candidate {
  const fields = familyFields[candidate.family];
  const next: Record<Field, number> = { ...candidate };
  const changes = random() < 0.5 ? 1 : 2;
  for (let n = 0; n < changes; n++) {
    const field = pick(fields, random);
    const values = searchSpace[field] as readonly number[];
    const index = Math.max(0, values.indexOf(next[field]));
    const step = random() < 0.5 ? -1 : 1;
    next[field] = values[Math.min(values.length - 1, Math.max(0, index + step))]!;
  }
  return normaliseCandidate({ ...candidate, ...next } as Candidate);
}

/** Returns a stable text key of a candidate, for de-duplication and logs. */
export function candidateKey(c: Candidate): string {
  if (c.family === 'compact') {
    return `compact ng1-${c.ngramMax} s${c.bucketBits} f${c.fill} int${c.bits} p${c.pruneRatio}`;
  }
  return (
    `moe ng1-${c.ngramMax} b${c.bucketBits} d${c.dimension} n${c.experts} ` +
    `h${c.hidden} k${c.topK} int${c.bits} p${c.pruneRatio}`
  );
}

/** Returns the feature settings of a candidate: 1..ngramMax-grams in 2^bucketBits buckets or slots. */
export function featureSettingsOf(candidate: Candidate): FeatureSettings {
  return {
    buckets: 2 ** candidate.bucketBits,
    charNgramMin: 1,
    charNgramMax: candidate.ngramMax,
    sublinearTf: true,
  };
}
