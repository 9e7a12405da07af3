import { InvalidArgumentError } from '../errors/index.ts';

/** One reviewed appeal: student and teacher probabilities and the truth. */
export interface CascadeItem {
  student: ArrayLike<number>;
  teacher: ArrayLike<number>;
  /** Index of the reviewed (true) label. */
  gold: number;
}

/** Cost per appeal of asking the teacher and a human (the student is free). */
export interface CascadeCosts {
  teacher: number;
  human: number;
}

/** Outcome of one pair of thresholds. */
export interface CascadePoint {
  /** The student decides when its top probability is at least this. */
  studentThreshold: number;
  /** The teacher decides when its top probability is at least this. */
  teacherThreshold: number;
  accuracy: number;
  /** Mean cost per appeal. */
  cost: number;
  teacherShare: number;
  humanShare: number;
}

/** Settings of the threshold fit. */
export interface CascadeFitOptions {
  targetAccuracy: number;
  costs: CascadeCosts;
  /** Accuracy assumed for human labels. */
  humanAccuracy: number;
  /**
   * When true the teacher's label is accepted only if it agrees with the
   * student, so a confident disagreement goes to a human.
   */
  requireAgreement: boolean;
  /** Threshold candidates per model: quantiles of its top probabilities. */
  gridSize: number;
}

export const defaultCascadeFitOptions: Omit<CascadeFitOptions, 'targetAccuracy'> = {
  costs: { teacher: 1, human: 20 },
  humanAccuracy: 1,
  requireAgreement: true,
  gridSize: 50,
};

function top(values: ArrayLike<number>): { index: number; value: number } {
  let index = 0;
  for (let c = 1; c < values.length; c++) {
    if (values[c]! > values[index]!) index = c;
  }
  return { index, value: values[index]! };
}

/**
 * Routes each item through the cascade: the student answers when sure,
 * else the teacher is asked and answers when sure (and, with
 * `requireAgreement`, agrees with the student), else a human answers.
 */
export function evaluateCascade(
  items: readonly CascadeItem[],
  studentThreshold: number,
  teacherThreshold: number,
  options: Pick<CascadeFitOptions, 'costs' | 'humanAccuracy' | 'requireAgreement'>,
): CascadePoint {
  let correct = 0;
  let teacherCalls = 0;
  let humanCalls = 0;
  for (const item of items) {
    const student = top(item.student);
    if (student.value >= studentThreshold) {
      if (student.index === item.gold) correct += 1;
      continue;
    }
    teacherCalls += 1;
    const teacher = top(item.teacher);
    const agrees = !options.requireAgreement || teacher.index === student.index;
    if (teacher.value >= teacherThreshold && agrees) {
      if (teacher.index === item.gold) correct += 1;
      continue;
    }
    humanCalls += 1;
    correct += options.humanAccuracy;
  }
  const n = Math.max(1, items.length);
  return {
    studentThreshold,
    teacherThreshold,
    accuracy: correct / n,
    cost:
      (teacherCalls * options.costs.teacher + humanCalls * options.costs.human) /
      n,
    teacherShare: teacherCalls / n,
    humanShare: humanCalls / n,
  };
}

/** Candidate thresholds: quantiles of the top probabilities, plus 0 and "never". */
function thresholdGrid(values: number[], size: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const grid = new Set<number>([0, Number.POSITIVE_INFINITY]);
  for (let i = 0; i < size; i++) {
    const position = Math.floor((i / size) * sorted.length);
    if (sorted.length > 0) grid.add(sorted[Math.min(sorted.length - 1, position)]!);
  }
  return [...grid].sort((a, b) => a - b);
}

/** Result of the threshold fit. */
export interface CascadeFit {
  /** Cheapest point that reaches the target, or null when none does. */
  best: CascadePoint | null;
  /** Cost–accuracy frontier: no other point is cheaper and as accurate. */
  frontier: CascadePoint[];
  evaluated: number;
}

/**
 * Fits the two thresholds by grid search on reviewed appeals: the
 * cheapest pair whose accuracy reaches `targetAccuracy`, with the
 * cost–accuracy frontier over all pairs.
 *
 * @throws InvalidArgumentError when there are no items or the target is
 *   outside (0, 1].
 */
export function fitCascade(
  items: readonly CascadeItem[],
  options: CascadeFitOptions,
): CascadeFit {
  if (items.length === 0) {
    throw new InvalidArgumentError({
      parameter: '--data',
      value: 0,
      message:
        'the cascade fit needs reviewed appeals with student and teacher ' +
        'probabilities; the data has none.',
    });
  }
  if (!(options.targetAccuracy > 0 && options.targetAccuracy <= 1)) {
    throw new InvalidArgumentError({
      parameter: '--target',
      value: options.targetAccuracy,
      message: `--target is an accuracy in (0, 1], got ${options.targetAccuracy}.`,
    });
  }
  const studentGrid = thresholdGrid(
    items.map((item) => top(item.student).value),
    options.gridSize,
  );
  const teacherGrid = thresholdGrid(
    items.map((item) => top(item.teacher).value),
    options.gridSize,
  );
  const points: CascadePoint[] = [];
  for (const s of studentGrid) {
    for (const t of teacherGrid) {
      points.push(evaluateCascade(items, s, t, options));
    }
  }
  let best: CascadePoint | null = null;
  for (const point of points) {
    if (point.accuracy + 1e-12 < options.targetAccuracy) continue;
    if (
      best === null ||
      point.cost < best.cost ||
      (point.cost === best.cost && point.accuracy > best.accuracy)
    ) {
      best = point;
    }
  }
  const byCost = [...points].sort(
    (a, b) => a.cost - b.cost || b.accuracy - a.accuracy,
  );
  const frontier: CascadePoint[] = [];
  for (const point of byCost) {
    const last = frontier.at(-1);
    if (last === undefined || point.accuracy > last.accuracy + 1e-12) {
      frontier.push(point);
    }
  }
  return { best, frontier, evaluated: points.length };
}
