import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/model/random.ts';
import {
  defaultCascadeFitOptions,
  evaluateCascade,
  fitCascade,
  type CascadeItem,
} from '../../src/labeling/cascade.ts';

/**
 * Synthetic reviewed set: the student is right with probability equal to
 * its confidence, which is spread over [0.4, 1); the teacher is right 90 %
 * of the time with confidence 0.9, else wrong with confidence 0.6.
 */
function syntheticItems(count: number): CascadeItem[] {
  const random = createRandom(11);
  const items: CascadeItem[] = [];
  for (let i = 0; i < count; i++) {
    const gold = i % 3;
    const confidence = 0.4 + 0.6 * random();
    const studentRight = random() < confidence;
    const studentLabel = studentRight ? gold : (gold + 1) % 3;
    const student = [0, 0, 0].map((_, c) =>
      c === studentLabel ? confidence : (1 - confidence) / 2,
    );
    const teacherRight = random() < 0.9;
    const teacherLabel = teacherRight ? gold : (gold + 2) % 3;
    const teacherConfidence = teacherRight ? 0.9 : 0.6;
    const teacher = [0, 0, 0].map((_, c) =>
      c === teacherLabel ? teacherConfidence : (1 - teacherConfidence) / 2,
    );
    items.push({ student, teacher, gold });
  }
  return items;
}

const options = { ...defaultCascadeFitOptions, costs: { teacher: 1, human: 10 } };

describe('evaluateCascade', () => {
  it('routes by both thresholds', () => {
    const items: CascadeItem[] = [
      { student: [0.9, 0.1], teacher: [0.5, 0.5], gold: 0 },
      { student: [0.6, 0.4], teacher: [0.95, 0.05], gold: 0 },
      { student: [0.6, 0.4], teacher: [0.05, 0.95], gold: 0 },
      { student: [0.6, 0.4], teacher: [0.7, 0.3], gold: 1 },
    ];
    const point = evaluateCascade(items, 0.8, 0.9, options);
    // Item 1: student. Item 2: teacher agrees. Item 3: confident
    // disagreement, human. Item 4: unsure teacher, human.
    expect(point.teacherShare).toBe(0.75);
    expect(point.humanShare).toBe(0.5);
    expect(point.accuracy).toBe(1);
    expect(point.cost).toBeCloseTo((3 * 1 + 2 * 10) / 4, 12);
  });
});

describe('fitCascade', () => {
  const items = syntheticItems(600);

  it('reaches the target at the lowest cost', () => {
    const fit = fitCascade(items, { ...options, targetAccuracy: 0.95 });
    expect(fit.best).not.toBeNull();
    expect(fit.best!.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(fit.best!.cost).toBeLessThan(10);
    expect(fit.best!.humanShare).toBeLessThan(1);
    // No evaluated point on the frontier reaches the target more cheaply.
    for (const point of fit.frontier) {
      if (point.accuracy >= 0.95) {
        expect(point.cost).toBeGreaterThanOrEqual(fit.best!.cost);
      }
    }
  });

  it('spends more for a higher target', () => {
    const low = fitCascade(items, { ...options, targetAccuracy: 0.85 });
    const high = fitCascade(items, { ...options, targetAccuracy: 0.97 });
    expect(high.best!.cost).toBeGreaterThan(low.best!.cost);
  });

  it('returns a rising frontier', () => {
    const { frontier } = fitCascade(items, { ...options, targetAccuracy: 0.9 });
    expect(frontier.length).toBeGreaterThan(3);
    for (let i = 1; i < frontier.length; i++) {
      expect(frontier[i]!.cost).toBeGreaterThanOrEqual(frontier[i - 1]!.cost);
      expect(frontier[i]!.accuracy).toBeGreaterThan(frontier[i - 1]!.accuracy);
    }
  });

  it('reports an unreachable target', () => {
    const fit = fitCascade(items, { ...options, humanAccuracy: 0.5, targetAccuracy: 0.99 });
    expect(fit.best).toBeNull();
  });

  it('rejects an empty set', () => {
    expect(() => fitCascade([], { ...options, targetAccuracy: 0.9 })).toThrow(
      /needs reviewed appeals/,
    );
  });

  it('rejects a target above 1', () => {
    expect(() => fitCascade(items, { ...options, targetAccuracy: 95 })).toThrow(
      /--target is an accuracy in \(0, 1\], got 95/,
    );
  });
});
