import { escapeHtml } from '../report/escape-html.ts';
import type { Store } from '../store/database.ts';
import { listAlerts } from './alerts.ts';
import { listHotspots, type ListHotspotsOptions } from './list-hotspots.ts';

/**
 * Renders the report's 「热点与预警」 section: a table of the top hotspots
 * with an inline bar per score, and a table of open surge alerts. The
 * report wraps `html` in its own section element under `title`. All text
 * is HTML-escaped; the markup uses no external URLs.
 */
export async function renderHotspotSection(
  store: Store,
  options: ListHotspotsOptions = {},
): Promise<{ title: string; html: string }> {
  const hotspots = await listHotspots(store, options);
  const alerts = await listAlerts(store, { status: 'open', limit: 20 });
  const maximum = Math.max(1e-9, ...hotspots.map((hotspot) => hotspot.score));
  const hotspotRows = hotspots.map((hotspot) => {
    const { cluster } = hotspot;
    const width = Math.round((hotspot.score / maximum) * 100);
    const examples = hotspot.appeals
      .slice(0, 3)
      .map((appeal) => escapeHtml(appeal.title))
      .join('<br>');
    return (
      `<tr><td>${hotspot.rank}</td>` +
      `<td>${escapeHtml(cluster.place ?? '—')}</td>` +
      `<td>${escapeHtml(cluster.label)}</td>` +
      `<td>${escapeHtml(span(cluster.firstAt, cluster.lastAt))}</td>` +
      `<td>${cluster.count}</td><td>${cluster.distinctCallers}</td>` +
      `<td><svg width="100" height="10" role="img" aria-label="` +
      `${hotspot.score.toFixed(2)}"><rect width="${width}" height="10" ` +
      `fill="#c0392b"/></svg> ${hotspot.score.toFixed(2)}</td>` +
      `<td>${examples}</td></tr>`
    );
  });
  const alertRows = alerts.map(
    (alert) =>
      `<tr><td>${alert.id}</td>` +
      `<td>${escapeHtml(alert.category ?? alert.clusterLabel ?? '')}</td>` +
      `<td>${escapeHtml(alert.division ?? '')}</td>` +
      `<td>${escapeHtml(alert.since)}</td>` +
      `<td>${alert.observed} / ${alert.expected.toFixed(1)}</td>` +
      `<td>${alert.ratio.toFixed(1)}×</td>` +
      `<td>${alert.pValue.toExponential(1)}</td></tr>`,
  );
  const html =
    '<div class="hotspots"><h3>热点问题</h3>' +
    (hotspotRows.length === 0
      ? '<p>所选时间段内没有热点问题。</p>'
      : '<table><thead><tr><th>排名</th><th>地点</th><th>问题</th>' +
        '<th>时间范围</th><th>诉求数</th><th>来电人数</th><th>热度指数</th>' +
        `<th>示例</th></tr></thead><tbody>${hotspotRows.join('')}` +
        '</tbody></table>') +
    '<h3>激增预警（未确认）</h3>' +
    (alertRows.length === 0
      ? '<p>没有未确认的预警。</p>'
      : '<table><thead><tr><th>编号</th><th>类别</th><th>区划</th>' +
        '<th>开始日期</th><th>实际 / 预期</th><th>倍数</th><th>p 值</th>' +
        `</tr></thead><tbody>${alertRows.join('')}</tbody></table>`) +
    '</div>';
  return { title: '热点与预警', html };
}

function span(first: string | null, last: string | null): string {
  if (first === null || last === null) return '—';
  return `${first.slice(0, 10)} 至 ${last.slice(0, 10)}`;
}
