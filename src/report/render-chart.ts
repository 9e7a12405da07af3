import * as echarts from 'echarts';
import type { LabelCount } from '../store/report-queries.ts';

/** Size of a chart in CSS pixels. */
export interface ChartSize {
  width: number;
  height: number;
}

/**
 * Renders an ECharts option to an SVG string on the server: no DOM, no
 * script and no external resource in the output. ECharts escapes the
 * label text it writes into the SVG.
 */
export function renderChartSvg(
  option: echarts.EChartsCoreOption,
  size: ChartSize,
): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const fontFamily =
  '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

/** Horizontal bar chart of counts, largest on top. */
export function renderBarChart(rows: readonly LabelCount[]): string {
  const ordered = [...rows].reverse();
  const height = Math.max(160, 28 * rows.length + 60);
  return renderChartSvg(
    {
      textStyle: { fontFamily },
      grid: { left: 160, right: 50, top: 20, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: ordered.map((row) => row.label),
        axisLabel: { width: 150, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: ordered.map((row) => row.count),
          label: { show: true, position: 'right' },
          itemStyle: { color: '#3b6ea8' },
        },
      ],
    },
    { width: 760, height },
  );
}

/** Line chart of counts per day on a time axis. */
export function renderDailyChart(rows: readonly LabelCount[]): string {
  return renderChartSvg(
    {
      textStyle: { fontFamily },
      grid: { left: 60, right: 30, top: 20, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'line',
          showSymbol: rows.length <= 60,
          data: rows.map((row) => [row.label, row.count]),
          lineStyle: { color: '#3b6ea8' },
          itemStyle: { color: '#3b6ea8' },
        },
      ],
    },
    { width: 760, height: 280 },
  );
}
