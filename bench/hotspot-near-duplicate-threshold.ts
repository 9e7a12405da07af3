/**
 * Precision and recall of near-duplicate detection against hand-checked
 * pairs, per Jaccard threshold, for exact shingle Jaccard and for the
 * LSH index lookup. Run: npx tsx bench/hotspot-near-duplicate-threshold.ts
 */
import { LshIndex } from '../src/hotspot/lsh-index.ts';
import { MinHasher } from '../src/hotspot/minhash.ts';
import { jaccard, shingleHashes } from '../src/hotspot/shingle-hashes.ts';
import { defaultBandCount } from '../src/hotspot/near-duplicate-index.ts';
import { createSeededRandom } from '../src/hotspot/seeded-random.ts';
import {
  readLabelledPairs,
  readTeddy,
  type LabelledPair,
  type TeddyMessage,
} from '../test/hotspot/teddy-data.ts';

const messages = new Map<string, TeddyMessage>();
for (const file of ['att2', 'att3', 'att4', 'testdata'] as const) {
  for (const message of readTeddy(file)) messages.set(message.key, message);
}

const pairs: LabelledPair[] = [...readLabelledPairs()];
const reviewedPositives = pairs.filter((pair) => pair[2]).length;

// Same-category random negatives from the labelled file, seeded.
const random = createSeededRandom(42);
const byLabel = new Map<string, TeddyMessage[]>();
for (const message of messages.values()) {
  if (message.label === null) continue;
  const list = byLabel.get(message.label) ?? [];
  list.push(message);
  byLabel.set(message.label, list);
}
const labels = [...byLabel.keys()].sort();
for (let i = 0; i < 300; i += 1) {
  const list = byLabel.get(labels[i % labels.length] as string) ?? [];
  const left = list[Math.floor(random() * list.length)];
  const right = list[Math.floor(random() * list.length)];
  if (left === undefined || right === undefined || left === right) continue;
  pairs.push([left.key, right.key, false]);
}

const hasher = new MinHasher();
const textOf = (key: string): string => {
  const message = messages.get(key);
  if (message === undefined) throw new Error(`message ${key} not found`);
  return `${message.title}\n${message.body}`;
};

interface Scored {
  same: boolean;
  exact: number;
  /** Similarity the LSH lookup reports, or -1 when not a candidate. */
  lookup: number;
}
const scored: Scored[] = pairs.map(([left, right, same]) => {
  const leftText = textOf(left);
  const rightText = textOf(right);
  const exact = jaccard(shingleHashes(leftText, 3), shingleHashes(rightText, 3));
  const index = new LshIndex({ hashCount: 64, bands: defaultBandCount });
  index.add(1, hasher.signText(leftText));
  const found = index.query(hasher.signText(rightText), 0);
  return { same, exact, lookup: found[0]?.similarity ?? -1 };
});

const positives = scored.filter((pair) => pair.same).length;
console.log(
  `pairs: ${scored.length} (${reviewedPositives} reviewed repeats, ` +
    `${pairs.length - reviewedPositives} unrelated)`,
);
console.log(
  'threshold | exact P | exact R | lookup P | lookup R | pipeline P | ' +
    'pipeline R',
);
for (const threshold of [0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
  const rates = (value: (pair: Scored) => number): [number, number] => {
    let truePositive = 0;
    let falsePositive = 0;
    for (const pair of scored) {
      if (value(pair) < threshold) continue;
      if (pair.same) truePositive += 1;
      else falsePositive += 1;
    }
    const precision = truePositive / Math.max(1, truePositive + falsePositive);
    return [precision, truePositive / positives];
  };
  const [exactP, exactR] = rates((pair) => pair.exact);
  const [lookupP, lookupR] = rates((pair) => pair.lookup);
  // What findNearDuplicates does: LSH candidates above the threshold minus
  // its margin, then the exact Jaccard check.
  const [pipelineP, pipelineR] = rates((pair) =>
    pair.lookup >= threshold - 0.12 ? pair.exact : -1,
  );
  console.log(
    [threshold, exactP, exactR, lookupP, lookupR, pipelineP, pipelineR]
      .map((value) => value.toFixed(2))
      .join(' | '),
  );
}
