/**
 * Clustering time and memory for synthetic appeals made by perturbing
 * public messages (random character substitutions and cuts), seeded.
 * Run: npx tsx bench/hotspot-clusters.ts [appealCount] [storedCount]
 * (storedCount appeals also go through the stored-cluster path; 0 skips
 * it).
 */
import { clusterAppeals } from '../src/hotspot/clusters.ts';
import { createSeededRandom } from '../src/hotspot/seeded-random.ts';
import { readTeddy } from '../test/hotspot/teddy-data.ts';

const random = createSeededRandom(1);
const base = (['att3', 'att4', 'testdata'] as const).flatMap((file) =>
  readTeddy(file),
);
const alphabet =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';

function perturb(text: string): string {
  const characters = [...text];
  const cut = Math.floor(random() * Math.min(20, characters.length / 4));
  const kept = characters.slice(
    cut,
    characters.length - Math.floor(random() * cut),
  );
  for (let i = 0; i < kept.length; i += 1) {
    if (random() < 0.05) {
      kept[i] = alphabet[Math.floor(random() * alphabet.length)] as string;
    }
  }
  return kept.join('');
}

const count = Number(process.argv[2] ?? 100_000);
const start = Date.parse('2019-01-01T00:00:00Z');
const inputs = Array.from({ length: count }, (_, id) => {
  const message = base[Math.floor(random() * base.length)]!;
  const [title = '', ...rest] = perturb(
    `${message.title}\n${message.body}`,
  ).split('\n');
  // Spread over a year, so appeals arrive in time order as in a store.
  const receivedAt = new Date(start + (id / count) * 365 * 86_400_000)
    .toISOString()
    .slice(0, 19);
  return { id, title, body: rest.join('\n'), receivedAt, caller: null };
});
const before = process.memoryUsage();
const t0 = performance.now();
const { clusters } = clusterAppeals(inputs);
const seconds = (performance.now() - t0) / 1000;
const after = process.memoryUsage();
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
console.log('| measure | appeals | value |\n| --- | --- | --- |');
console.log(
  `| clustering (segment + assign) | ${count} | ${seconds.toFixed(1)} s, ` +
    `${((seconds * 1000) / count).toFixed(3)} ms per appeal |`,
);
console.log(`| clusters | ${count} | ${clusters.length} |`);
console.log(
  `| heap growth / peak RSS | ${count} | ${mib(after.heapUsed - before.heapUsed)}` +
    ` MiB / ${mib(process.resourceUsage().maxRSS * 1024)} MiB |`,
);

// The stored path: the same appeals inserted into a fresh store, then
// assigned in batches of 5,000 as `hotline run` batches would be.
const storeCount = Number(process.argv[3] ?? 20_000);
if (storeCount > 0) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { openStore } = await import('../src/store/database.ts');
  const { assignToClusters } = await import(
    '../src/hotspot/assign-to-clusters.ts'
  );
  const directory = mkdtempSync(path.join(tmpdir(), 'hotline-bench-'));
  const store = await openStore(path.join(directory, 'bench.db'));
  try {
    const ids: number[] = [];
    for (const input of inputs.slice(0, storeCount)) {
      const row = await store.db
        .insertInto('appeals')
        .values({
          content_hash: `bench-${input.id}`,
          external_id: null,
          title: input.title,
          body: input.body,
          received_at: input.receivedAt.replace('T', ' '),
          caller: `caller-${input.id % 5000}`,
          recorded_category: null,
          extra: '{}',
          mask_spans: '[]',
          warnings: '[]',
          source_kind: 'file',
          source_name: 'bench',
          source_row: input.id,
          run_id: null,
          created_at: '2020-01-01T00:00:00Z',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const t1 = performance.now();
    for (let start = 0; start < ids.length; start += 5000) {
      await assignToClusters(store, ids.slice(start, start + 5000));
    }
    const storeSeconds = (performance.now() - t1) / 1000;
    console.log(
      `| stored clusters, assign in batches of 5,000 | ${storeCount} | ` +
        `${storeSeconds.toFixed(1)} s, ` +
        `${((storeSeconds * 1000) / storeCount).toFixed(3)} ms per appeal |`,
    );
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}
