import { describe, expect, it } from 'vitest';
import {
  departmentsOption,
  rankingOption,
  shareOption,
  volumeOption,
} from '../../web/src/charts/chart-options.ts';
import type { ChartOption } from '../../web/src/charts/echarts.ts';

const markup = '<img src=x onerror=alert(1)>';

function tooltipOf(option: ChartOption): Record<string, unknown> {
  const tooltip = option.tooltip;
  if (tooltip === undefined || Array.isArray(tooltip)) {
    throw new Error('expected a single tooltip option');
  }
  return tooltip as Record<string, unknown>;
}

describe('chart options', () => {
  const options: [string, ChartOption][] = [
    ['volume', volumeOption([{ day: '2024-05-01', count: 3 }], 'n')],
    ['ranking', rankingOption([{ name: markup, count: 2 }], 'n')],
    [
      'departments',
      departmentsOption([{ name: markup, open: 2, overdue: 1 }], {
        open: 'open',
        overdue: 'overdue',
      }),
    ],
    ['share', shareOption([{ name: markup, count: 1 }], 'n')],
  ];

  for (const [name, option] of options) {
    it(`${name} tooltip is rich text`, () => {
      expect(tooltipOf(option)['renderMode']).toBe('richText');
    });
  }

  it('ranking keeps the top ten', () => {
    const entries = Array.from({ length: 15 }, (_, index) => ({
      name: `place ${index}`,
      count: index,
    }));
    const option = rankingOption(entries, 'n');
    const axis = option.yAxis as { data: string[] };
    expect(axis.data).toHaveLength(10);
    // Largest last, because ECharts draws the first category at the bottom.
    expect(axis.data.at(-1)).toBe('place 14');
    expect(axis.data[0]).toBe('place 5');
  });
});
