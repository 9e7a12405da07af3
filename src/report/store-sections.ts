import { renderHotspotSection } from '../hotspot/render-hotspot-section.ts';
import type { Store } from '../store/database.ts';
import { escapeHtml } from './escape-html.ts';
import { renderNearDuplicateSection } from './near-duplicate-section.ts';
import type { ReportSection } from './render-report.ts';

/**
 * Days of appeals that the report clusters into hotspots, counted back from
 * the newest receive time. Clustering costs about 2 ms of CPU per appeal
 * (docs/benchmarks.md), so clustering a whole store of years would make
 * every report slower as the store grows. The hotspot score halves its
 * recency weight every 30 days, so older appeals would rank low anyway.
 */
export const hotspotWindowDays = 90;

const dayMs = 86_400_000;

/**
 * Renders the report sections that read more of the store than the core
 * report facts: hotspots and open surge alerts of the last
 * {@link hotspotWindowDays} days, then near-duplicate links. `hotline run`
 * and `hotline report` pass them to `writeReport`.
 */
export async function renderStoreSections(
  store: Store,
): Promise<ReportSection[]> {
  const newest = await store.db
    .selectFrom('appeals')
    .select((eb) => eb.fn.max('received_at').as('latest'))
    .executeTakeFirst();
  const latest = Date.parse(
    `${(newest?.latest ?? '').slice(0, 10)}T00:00:00Z`,
  );
  const since = Number.isNaN(latest)
    ? null
    : new Date(latest - (hotspotWindowDays - 1) * dayMs)
        .toISOString()
        .slice(0, 10);
  const hotspots = await renderHotspotSection(
    store,
    since === null ? {} : { since },
  );
  const window =
    since === null
      ? ''
      : `<p class="muted">热点统计时段：${escapeHtml(since)} 起` +
        `（最近 ${hotspotWindowDays} 天）</p>`;
  return [
    { title: hotspots.title, html: window + hotspots.html },
    await renderNearDuplicateSection(store),
  ];
}
