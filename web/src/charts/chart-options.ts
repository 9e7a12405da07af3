import type { ChartOption } from './echarts.ts';

/** Entries shown in a ranking chart before the rest is left out. */
const maximumBars = 10;

/**
 * Tooltip drawn by ECharts as chart text, not as HTML: category names and
 * locations come from appeal text, so markup in them must never reach the
 * page as HTML.
 */
const tooltip = {
  renderMode: 'richText',
  confine: true,
} as const;

const grid = { left: 8, right: 16, top: 24, bottom: 8, containLabel: true };

export interface NamedCount {
  name: string;
  count: number;
}

/** Line chart of appeals per day. */
export function volumeOption(
  days: { day: string; count: number }[],
  seriesName: string,
): ChartOption {
  return {
    tooltip: { ...tooltip, trigger: 'axis' },
    grid,
    xAxis: { type: 'category', data: days.map((entry) => entry.day) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'line',
        name: seriesName,
        data: days.map((entry) => entry.count),
        smooth: true,
        areaStyle: { opacity: 0.15 },
      },
    ],
  };
}

/** Horizontal bars of the largest counts, largest on top. */
export function rankingOption(
  entries: NamedCount[],
  seriesName: string,
): ChartOption {
  const top = [...entries]
    .sort((left, right) => right.count - left.count)
    .slice(0, maximumBars)
    .reverse();
  return {
    tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid,
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: top.map((entry) => entry.name),
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: seriesName,
        data: top.map((entry) => entry.count),
        barMaxWidth: 24,
      },
    ],
  };
}

/** Side-by-side bars of open and overdue orders per department. */
export function departmentsOption(
  departments: { name: string; open: number; overdue: number }[],
  labels: { open: string; overdue: string },
): ChartOption {
  const top = [...departments]
    .sort((left, right) => right.open - left.open)
    .slice(0, maximumBars)
    .reverse();
  return {
    tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { ...grid, top: 32 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: top.map((entry) => entry.name),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: labels.open,
        data: top.map((entry) => entry.open),
        color: '#3b6fb6',
        barMaxWidth: 16,
      },
      {
        type: 'bar',
        name: labels.overdue,
        data: top.map((entry) => entry.overdue),
        color: '#c8453b',
        barMaxWidth: 16,
      },
    ],
  };
}

/** Pie of shares, e.g. appeal types with translated names. */
export function shareOption(
  entries: NamedCount[],
  seriesName: string,
): ChartOption {
  return {
    tooltip: { ...tooltip, trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        name: seriesName,
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        data: entries.map((entry) => ({ name: entry.name, value: entry.count })),
      },
    ],
  };
}
