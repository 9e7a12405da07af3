import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/model/metrics.ts';
import {
  expectedCalibrationError,
  fitTemperature,
} from '../../src/model/calibrate.ts';

describe('computeMetrics', () => {
  const labels = ['a', 'b', 'c'];
  const actual = ['a', 'a', 'b', 'b', 'c', 'c'];
  const predicted = ['a', 'b', 'b', 'b', 'c', 'a'];

  it('computes accuracy and the confusion matrix', () => {
    const metrics = computeMetrics(actual, predicted, labels);

    expect(metrics.accuracy).toBeCloseTo(4 / 6, 10);
    expect(metrics.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
  });

  it('computes per-class F1 and their mean', () => {
    const metrics = computeMetrics(actual, predicted, labels);
    // a: P 1/2 R 1/2 F1 1/2; b: P 2/3 R 1 F1 4/5; c: P 1 R 1/2 F1 2/3.
    const f1 = metrics.perClass.map((row) => row.f1);

    expect(f1[0]).toBeCloseTo(0.5, 10);
    expect(f1[1]).toBeCloseTo(0.8, 10);
    expect(f1[2]).toBeCloseTo(2 / 3, 10);
    expect(metrics.macroF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 10);
  });

  it('rejects lists of different length', () => {
    expect(() => computeMetrics(['a'], [], labels)).toThrow(
      /actual has 1 labels but predicted has 0/,
    );
  });
});

describe('fitTemperature', () => {
  it('softens overconfident logits', () => {
    // Logits that say 99.99 % but are right only 3 times in 4.
    const logits = [
      Float32Array.of(10, 0),
      Float32Array.of(10, 0),
      Float32Array.of(10, 0),
      Float32Array.of(10, 0),
    ];
    const temperature = fitTemperature(logits, [0, 0, 0, 1]);
    // The NLL optimum puts p = 0.75 on class 0: 10 / T = ln 3.
    expect(temperature).toBeCloseTo(10 / Math.log(3), 2);
  });
});

describe('expectedCalibrationError', () => {
  it('is zero when confidence equals accuracy', () => {
    expect(
      expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false]),
    ).toBeCloseTo(0, 10);
  });

  it('measures an overconfident model', () => {
    expect(expectedCalibrationError([0.95, 0.95], [true, false])).toBeCloseTo(
      0.45,
      10,
    );
  });
});
