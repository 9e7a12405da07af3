import { describe, expect, it } from 'vitest';
import { auditLabels } from '../../src/labeling/audit-labels.ts';
import { confidentLearning } from '../../src/labeling/confident-learning.ts';
import { createRandom } from '../../src/model/random.ts';
import { defaultSoftmaxTrainingOptions } from '../../src/model/train-softmax.ts';
import type { TrainingExample } from '../../src/model/training-example.ts';
import { defaultFeatureSettings } from '../../src/text/features.ts';

const vocabulary: Record<string, string[]> = {
  水电: ['停水', '停电', '水压', '电费', '水管', '漏水', '电表', '供水'],
  教育: ['学校', '老师', '学位', '补课', '幼儿园', '学费', '校车', '入学'],
  交通: ['公交', '红绿灯', '车站', '地铁', '停车', '拥堵', '路口', '班次'],
};
const common = ['小区', '请求', '解决', '反映', '问题', '附近'];

/** 3 × 60 synthetic appeals; every tenth row gets a wrong label. */
function noisySet(): { examples: TrainingExample[]; flipped: Set<number> } {
  const random = createRandom(3);
  const labels = Object.keys(vocabulary);
  const examples: TrainingExample[] = [];
  const flipped = new Set<number>();
  for (let i = 0; i < 180; i++) {
    const truth = labels[i % 3]!;
    const words: string[] = [];
    for (let w = 0; w < 5; w++) {
      const own = vocabulary[truth]!;
      words.push(own[Math.floor(random() * own.length)]!);
      words.push(common[Math.floor(random() * common.length)]!);
    }
    let label = truth;
    if (i % 10 === 7) {
      label = labels[(i + 1) % 3]!;
      flipped.add(i);
    }
    examples.push({
      text: words.join('，'),
      label,
      segmentedOnly: false,
      group: `row:${i}`,
      source: `synthetic:${i + 1}`,
    });
  }
  return { examples, flipped };
}

describe('confidentLearning', () => {
  it('places rows by per-class thresholds', () => {
    // Class 0 threshold (0.9 + 0.7 + 0.1) / 3 ≈ 0.567; class 1
    // (0.8 + 0.9) / 2 = 0.85, so row 3 (0.8) is placed nowhere.
    const result = confidentLearning(
      [0, 0, 0, 1, 1],
      [
        [0.9, 0.1],
        [0.7, 0.3],
        [0.1, 0.9],
        [0.2, 0.8],
        [0.1, 0.9],
      ],
      2,
    );
    expect(result.thresholds[0]).toBeCloseTo((0.9 + 0.7 + 0.1) / 3, 12);
    expect(result.thresholds[1]).toBeCloseTo(0.85, 12);
    expect(result.confidentJoint).toEqual([
      [2, 1],
      [0, 1],
    ]);
    expect(result.issues.map((issue) => issue.row)).toEqual([2]);
    expect(result.issues[0]!.suggested).toBe(1);
  });
});

describe('auditLabels', () => {
  it('finds most flipped rows', () => {
    const { examples, flipped } = noisySet();
    const report = auditLabels(examples, {
      folds: 5,
      epochs: 8,
      settings: { ...defaultFeatureSettings, buckets: 1 << 12 },
      training: defaultSoftmaxTrainingOptions,
    });
    const found = report.findings.map((finding) =>
      Number(finding.source.split(':')[1]) - 1,
    );
    const hits = found.filter((row) => flipped.has(row)).length;
    expect(hits / flipped.size).toBeGreaterThanOrEqual(0.8);
    expect(hits / found.length).toBeGreaterThanOrEqual(0.7);
    const first = report.findings[0]!;
    const row = Number(first.source.split(':')[1]) - 1;
    expect(first.givenLabel).toBe(examples[row]!.label);
    expect(first.suggestedLabel).not.toBe(first.givenLabel);
    expect(first.suggestedProbability).toBeGreaterThanOrEqual(first.suggestedThreshold);
  });

  it('rejects one fold', () => {
    const { examples } = noisySet();
    expect(() =>
      auditLabels(examples, {
        folds: 1,
        epochs: 1,
        settings: { ...defaultFeatureSettings, buckets: 1 << 10 },
        training: defaultSoftmaxTrainingOptions,
      }),
    ).toThrow(/--folds must be an integer of at least 2, got 1/);
  });
});
