import type { HotspotTables } from '../hotspot/hotspot-tables.ts';
import type { Store } from '../store/database.ts';

/** Counts the stored surge alerts, open and acknowledged. */
export async function countAlerts(store: Store): Promise<number> {
  const row = await store.db
    .withTables<HotspotTables>()
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
