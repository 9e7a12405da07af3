/**
 * Near-duplicate lookup time and memory at 100k and 1M indexed appeals,
 * and clustering time for 100k appeals. Appeals are synthesised by
 * perturbing public messages (random character substitutions and cuts),
 * seeded. Run: npx tsx bench/hotspot.ts [clusterCount]
 */
import { clusterAppeals } from '../src/hotspot/clusters.ts';
import { LshIndex } from '../src/hotspot/lsh-index.ts';
import { MinHasher } from '../src/hotspot/minhash.ts';
import { defaultBandCount } from '../src/hotspot/near-duplicate-index.ts';
import { createSeededRandom } from '../src/hotspot/seeded-random.ts';
import { readTeddy } from '../test/hotspot/teddy-data.ts';

const random = createSeededRandom(1);
const base = (['att3', 'att4', 'testdata'] as const).flatMap((file) => readTeddy(file));
const alphabet = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';

function perturb(text: string): string {
  const characters = [...text];
  const cut = Math.floor(random() * Math.min(20, characters.length / 4));
  const kept = characters.slice(cut, characters.length - Math.floor(random() * cut));
  for (let i = 0; i < kept.length; i += 1) {
    if (random() < 0.05) kept[i] = alphabet[Math.floor(random() * alphabet.length)] as string;
  }
  return kept.join('');
}

function synthesise(count: number): string[] {
  const texts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const message = base[Math.floor(random() * base.length)]!;
    texts.push(perturb(`${message.title}\n${message.body}`));
  }
  return texts;
}

const hasher = new MinHasher();
const rows: string[] = ['| measure | appeals | value |', '| --- | --- | --- |'];
for (const size of [100_000, 1_000_000]) {
  const heapBefore = process.memoryUsage();
  const index = new LshIndex({ hashCount: 64, bands: defaultBandCount, initialCapacity: size });
  let signMs = 0;
  for (let start = 0; start < size; start += 10_000) {
    const texts = synthesise(Math.min(10_000, size - start));
    const t0 = performance.now();
    texts.forEach((text, offset) => index.add(start + offset, hasher.signText(text)));
    signMs += performance.now() - t0;
  }
  const memory = process.memoryUsage();
  const queries = synthesise(1000);
  const signatures = queries.map((text) => hasher.signText(text));
  let candidates = 0;
  const t1 = performance.now();
  for (const signature of signatures) candidates += index.query(signature, 0.08, 200).length;
  const lookupMs = (performance.now() - t1) / signatures.length;
  const t2 = performance.now();
  for (const text of queries.slice(0, 200)) hasher.signText(text);
  const signOneMs = (performance.now() - t2) / 200;
  rows.push(`| index build (sign + add) | ${size} | ${(signMs / 1000).toFixed(1)} s |`);
  rows.push(`| lookup, signature given (mean of 1000) | ${size} | ${lookupMs.toFixed(3)} ms |`);
  rows.push(`| candidates per lookup | ${size} | ${(candidates / signatures.length).toFixed(1)} |`);
  rows.push(`| signing one appeal | ${size} | ${signOneMs.toFixed(3)} ms |`);
  rows.push(`| index typed arrays | ${size} | ${(index.byteLength / 2 ** 20).toFixed(0)} MiB |`);
  rows.push(
    `| process RSS growth | ${size} | ${((memory.rss - heapBefore.rss) / 2 ** 20).toFixed(0)} MiB |`,
  );
  console.error(`done ${size}`);
}

const clusterCount = Number(process.argv[2] ?? 100_000);
const clusterTexts = synthesise(clusterCount);
const inputs = clusterTexts.map((text, id) => {
  const [title = '', ...rest] = text.split('\n');
  return { id, title, body: rest.join('\n'), receivedAt: null, caller: null };
});
const t3 = performance.now();
const { clusters } = clusterAppeals(inputs);
const clusterSeconds = (performance.now() - t3) / 1000;
rows.push(`| clustering (segment + assign) | ${clusterCount} | ${clusterSeconds.toFixed(1)} s (${clusters.length} clusters) |`);
console.log(rows.join('\n'));
