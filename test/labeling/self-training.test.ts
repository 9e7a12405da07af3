import { describe, expect, it } from 'vitest';
import {
  chooseConfidenceThreshold,
  selectPseudoLabels,
} from '../../src/labeling/self-training.ts';

describe('chooseConfidenceThreshold', () => {
  it('keeps the largest prefix at the target precision', () => {
    const confidences = [0.99, 0.95, 0.9, 0.8, 0.7, 0.6];
    const correct = [true, true, true, false, true, false];
    // Prefix precisions: 1, 1, 1, 0.75, 0.8, 0.667.
    const chosen = chooseConfidenceThreshold(confidences, correct, 0.8);
    expect(chosen.threshold).toBe(0.7);
    expect(chosen.precision).toBeCloseTo(0.8, 12);
    expect(chosen.coverage).toBeCloseTo(5 / 6, 12);
    expect(chooseConfidenceThreshold(confidences, correct, 0.95).threshold).toBe(0.9);
  });

  it('keeps tied confidences together', () => {
    const chosen = chooseConfidenceThreshold([0.9, 0.9, 0.8], [true, false, true], 0.9);
    expect(chosen.threshold).toBeGreaterThan(1);
    expect(chosen.coverage).toBe(0);
  });
});

describe('selectPseudoLabels', () => {
  it('keeps rows at or above the threshold', () => {
    const chosen = selectPseudoLabels(
      [
        [0.95, 0.05],
        [0.4, 0.6],
        [0.1, 0.9],
      ],
      0.9,
    );
    expect(chosen.map((entry) => [entry.row, entry.label])).toEqual([
      [0, 0],
      [2, 1],
    ]);
  });
});
