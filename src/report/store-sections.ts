import { renderHotspotSection } from '../hotspot/render-hotspot-section.ts';
import type { ListHotspotsOptions } from '../hotspot/list-hotspots.ts';
import type { Store } from '../store/database.ts';
import { renderNearDuplicateSection } from './near-duplicate-section.ts';
import type { ReportSection } from './render-report.ts';

/**
 * Renders the report sections that read more of the store than the core
 * report facts: hotspots with open surge alerts, then near-duplicate
 * links. `hotline run` and `hotline report` pass them to `writeReport`.
 */
export async function renderStoreSections(
  store: Store,
  hotspots: ListHotspotsOptions = {},
): Promise<ReportSection[]> {
  return [
    await renderHotspotSection(store, hotspots),
    await renderNearDuplicateSection(store),
  ];
}
