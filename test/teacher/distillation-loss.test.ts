import { describe, expect, it } from 'vitest';
import {
  adaptiveTemperature,
  distillationLoss,
  softenTeacher,
} from '../../src/model/distillation-loss.ts';
import { trainDistilled } from '../../src/model/train-distilled.ts';
import { defaultFeatureSettings } from '../../src/text/features.ts';
import { defaultSoftmaxTrainingOptions } from '../../src/model/train-softmax.ts';
import type { TrainingExample } from '../../src/model/training-example.ts';

const logits = Float32Array.from([0.3, -1.2, 2.0, 0.5]);
const teacherProbabilities = [0.1, 0.05, 0.6, 0.25];

function lossAt(
  values: Float32Array,
  gold: number | null,
  soft: Float32Array | null,
  temperature: number,
  alpha: number,
): number {
  const gradient = new Float32Array(values.length);
  const scratch = new Float32Array(values.length);
  return distillationLoss(values, gold, soft, temperature, alpha, gradient, scratch);
}

/** Central finite differences in float64 around `logits`. */
function numericGradient(
  gold: number | null,
  soft: Float32Array | null,
  temperature: number,
  alpha: number,
): number[] {
  const step = 1e-2;
  return Array.from(logits, (_, c) => {
    const up = logits.slice();
    const down = logits.slice();
    up[c]! += step;
    down[c]! -= step;
    return (
      (lossAt(up, gold, soft, temperature, alpha) -
        lossAt(down, gold, soft, temperature, alpha)) /
      (2 * step)
    );
  });
}

describe('distillation loss gradient', () => {
  const cases: Array<[string, number | null, boolean, number, number]> = [
    ['gold and teacher', 2, true, 3, 0.4],
    ['teacher only', null, true, 2, 0.4],
    ['gold only', 1, false, 4, 0.4],
    ['temperature 1', 0, true, 1, 0.7],
  ];
  for (const [name, gold, withTeacher, temperature, alpha] of cases) {
    it(`matches finite differences: ${name}`, () => {
      const soft = withTeacher ? new Float32Array(4) : null;
      if (soft !== null) softenTeacher(teacherProbabilities, temperature, soft);
      const gradient = new Float32Array(4);
      distillationLoss(
        logits,
        gold,
        soft,
        temperature,
        alpha,
        gradient,
        new Float32Array(4),
      );
      const numeric = numericGradient(gold, soft, temperature, alpha);
      for (let c = 0; c < 4; c++) {
        expect(gradient[c]).toBeCloseTo(numeric[c]!, 3);
      }
    });
  }

  it('is zero when the student matches', () => {
    const soft = new Float32Array(4);
    softenTeacher(teacherProbabilities, 1, soft);
    const matching = Float32Array.from(teacherProbabilities, Math.log);
    expect(lossAt(matching, null, soft, 1, 0)).toBeCloseTo(0, 6);
  });
});

describe('teacher softening', () => {
  it('flattens with temperature', () => {
    const soft = new Float32Array(4);
    softenTeacher(teacherProbabilities, 4, soft);
    expect(soft[2]).toBeLessThan(0.6);
    expect(soft[1]).toBeGreaterThan(0.05);
    expect(soft.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('adapts temperature to entropy', () => {
    expect(adaptiveTemperature([1, 0, 0, 0], 4)).toBeCloseTo(4, 6);
    expect(adaptiveTemperature([0.25, 0.25, 0.25, 0.25], 4)).toBeCloseTo(1, 6);
    const middle = adaptiveTemperature(teacherProbabilities, 4);
    expect(middle).toBeGreaterThan(1);
    expect(middle).toBeLessThan(4);
  });
});

describe('trainDistilled', () => {
  const labels = ['水电', '教育'];
  const water = ['停水三天了', '小区停电', '自来水发黄', '水压太低', '电费太贵'];
  const school = ['学校乱收费', '幼儿园入学', '老师补课', '学位不足', '校车超载'];
  const settings = { ...defaultFeatureSettings, buckets: 1 << 12 };
  const training = { ...defaultSoftmaxTrainingOptions, maxEpochs: 10, patience: 10 };
  const validation: TrainingExample[] = [
    { text: '停水了', label: '水电', segmentedOnly: false, group: 'v1', source: 'v:1' },
    { text: '学校收费', label: '教育', segmentedOnly: false, group: 'v2', source: 'v:2' },
  ];

  it('learns from teacher labels alone', () => {
    const rows = [
      ...water.map((text) => ({ text, gold: null, teacher: [0.9, 0.1] })),
      ...school.map((text) => ({ text, gold: null, teacher: [0.2, 0.8] })),
    ];
    const { student, report } = trainDistilled(rows, validation, labels, {
      settings,
      training,
      alpha: 0.5,
      temperature: 2,
      adaptiveTemperature: true,
    });
    expect(report.teacherRows).toBe(10);
    expect(report.goldRows).toBe(0);
    expect(report.teacherAgreement).toBe(1);
    expect(report.validation.accuracy).toBe(1);
    expect(student.predict('停水').label).toBe('水电');
  });

  it('rejects an unknown gold label', () => {
    expect(() =>
      trainDistilled([{ text: 'x', gold: '天气', teacher: null }], validation, labels, {
        settings,
        training,
        alpha: 0.5,
        temperature: 2,
        adaptiveTemperature: false,
      }),
    ).toThrow(/gold label "天气" of row 1 is not one of 水电, 教育/);
  });

  it('rejects alpha above 1', () => {
    expect(() =>
      trainDistilled([], validation, labels, {
        settings,
        training,
        alpha: 1.5,
        temperature: 2,
        adaptiveTemperature: false,
      }),
    ).toThrow(/--alpha is the gold-label weight in \[0, 1\], got 1\.5/);
  });
});
