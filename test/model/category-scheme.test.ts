import { describe, expect, it } from 'vitest';
import {
  bestMapping,
  childLogShares,
  consultationScheme,
  relabel,
} from '../../src/model/category-scheme.ts';
import type { TrainingExample } from '../../src/model/training-example.ts';

const example = (text: string, label: string): TrainingExample => ({
  text,
  label,
  segmentedOnly: false,
  group: `row:${text}`,
  source: 'test',
});

describe('consultationScheme', () => {
  it('splits each category in two', () => {
    const scheme = consultationScheme(['交通运输', '城乡建设']);
    expect(scheme.labels).toEqual(['交通运输·咨询', '交通运输·诉求', '城乡建设·咨询', '城乡建设·诉求']);
    expect(scheme.parentOf).toEqual([0, 0, 1, 1]);
  });

  it('labels by the appeal type', () => {
    const scheme = consultationScheme(['交通运输', '城乡建设']);
    const rows = relabel(
      [
        example('请问公交卡在哪里办理？', '交通运输'),
        example('小区门口夜间施工扰民，要求尽快处理。', '城乡建设'),
        example('举报有人偷倒建筑垃圾', '城乡建设'),
      ],
      scheme,
    );
    expect(rows.map((row) => row.label)).toEqual(['交通运输·咨询', '城乡建设·诉求', '城乡建设·诉求']);
  });
});

describe('bestMapping', () => {
  const scheme = { labels: ['a1', 'a2', 'b1', 'b2'], parentOf: [0, 0, 1, 1] };

  it('maps each prediction to its commonest label', () => {
    // Predicted 0: targets 1, 1, 0; predicted 1: targets 0, 2, 2.
    expect(bestMapping([0, 0, 0, 1, 1, 1], [1, 1, 0, 0, 2, 2], 3, scheme)).toEqual([1, 2, 0]);
  });

  it('maps an unpredicted label to its first child', () => {
    expect(bestMapping([0], [1], 2, scheme)).toEqual([1, 2]);
  });
});

describe('childLogShares', () => {
  it('gives smoothed log shares within each parent', () => {
    const shares = childLogShares([0, 0, 0, 1, 2], { labels: ['a1', 'a2', 'b1', 'b2'], parentOf: [0, 0, 1, 1] });
    expect(shares[0]).toBeCloseTo(Math.log(3.5 / 5), 10);
    expect(shares[1]).toBeCloseTo(Math.log(1.5 / 5), 10);
    expect(shares[2]).toBeCloseTo(Math.log(1.5 / 2), 10);
    expect(shares[3]).toBeCloseTo(Math.log(0.5 / 2), 10);
  });
});
