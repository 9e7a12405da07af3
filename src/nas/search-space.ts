import type { Random } from '../model/random.ts';

/** One point of the architecture search space. */
export interface Candidate {
  /** Longest character n-gram (shortest is always 1). */
  ngramMax: number;
  /** Hash buckets = 2^bucketBits. */
  bucketBits: number;
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
  /** Share of live embedding rows removed by magnitude after training. */
  pruneRatio: number;
}

/** The values each field may take. */
export const searchSpace = {
  ngramMax: [2, 3, 4],
  bucketBits: [16, 17, 18],
  dimension: [8, 12, 16, 24, 32],
  experts: [0, 2, 4, 8],
  hidden: [8, 16, 32],
  topK: [1, 2],
  bits: [8, 32] as Array<8 | 32>,
  pruneRatio: [0, 0.3, 0.5, 0.7],
} as const;

type Field = keyof typeof searchSpace;

function pick<T>(values: readonly T[], random: Random): T {
  return values[Math.floor(random() * values.length)]!;
}

/** Makes a candidate valid: topK ≤ experts, unused sizes set to 0. */
export function normaliseCandidate(candidate: Candidate): Candidate {
  if (candidate.experts === 0) {
    return { ...candidate, hidden: 0, topK: 0 };
  }
  const hidden = candidate.hidden === 0 ? searchSpace.hidden[0] : candidate.hidden;
  return {
    ...candidate,
    hidden,
    topK: Math.min(Math.max(1, candidate.topK), candidate.experts),
  };
}

/** Draws a candidate uniformly from the search space. */
export function sampleCandidate(random: Random): Candidate {
  return normaliseCandidate({
    ngramMax: pick(searchSpace.ngramMax, random),
    bucketBits: pick(searchSpace.bucketBits, random),
    dimension: pick(searchSpace.dimension, random),
    experts: pick(searchSpace.experts, random),
    hidden: pick(searchSpace.hidden, random),
    topK: pick(searchSpace.topK, random),
    bits: pick(searchSpace.bits, random),
    pruneRatio: pick(searchSpace.pruneRatio, random),
  });
}

/**
 * Returns a copy of `candidate` with one or two fields moved to a
 * neighbouring value of the search space (evolutionary mutation).
 */
export function mutateCandidate(candidate: Candidate, random: Random): Candidate {
  const fields = Object.keys(searchSpace) as Field[];
  const next: Record<Field, number> = { ...candidate };
  const changes = random() < 0.5 ? 1 : 2;
  for (let n = 0; n < changes; n++) {
    const field = pick(fields, random);
    const values = searchSpace[field] as readonly number[];
    const index = Math.max(0, values.indexOf(next[field]));
    const step = random() < 0.5 ? -1 : 1;
    next[field] = values[Math.min(values.length - 1, Math.max(0, index + step))]!;
  }
  return normaliseCandidate(next as unknown as Candidate);
}

/** A stable text key of a candidate, for de-duplication and logs. */
export function candidateKey(c: Candidate): string {
  return (
    `ng1-${c.ngramMax} b${c.bucketBits} d${c.dimension} n${c.experts} ` +
    `h${c.hidden} k${c.topK} int${c.bits} p${c.pruneRatio}`
  );
}
