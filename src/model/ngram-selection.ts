import { NgramHasher } from '../text/ngram-hashes.ts';
import type { EncodedDataset } from './encoded-dataset.ts';

/** N-gram hashes of many texts, row by row: row i owns [offsets[i], offsets[i + 1]). */
export interface HashedTexts {
  offsets: Int32Array;
  hashes: Uint32Array;
  size: number;
}

/** Hashes every text once (the hasher folds Traditional to Simplified). */
export function hashTexts(texts: readonly string[], hasher: NgramHasher): HashedTexts {
  const offsets = new Int32Array(texts.length + 1);
  let hashes = new Uint32Array(Math.max(1024, texts.length * 512));
  let used = 0;
  texts.forEach((text, i) => {
    const count = hasher.hash(text);
    if (used + count > hashes.length) {
      const grown = new Uint32Array(Math.max(hashes.length * 2, used + count));
      grown.set(hashes.subarray(0, used));
      hashes = grown;
    }
    hashes.set(hasher.hashes.subarray(0, count), used);
    used += count;
    offsets[i + 1] = used;
  });
  return { offsets, hashes: hashes.slice(0, used), size: texts.length };
}

/** Bits of an n-gram's hash kept in its slot as a tag (plus one "used" bit). */
export const tagBits = 7;

/**
 * The n-grams a compact model keeps, and where. An n-gram's identity is the
 * low `slotBits + tagBits` bits of its hash, and its slot is the low
 * `slotBits` bits. Each slot records the identity that owns it, so an
 * n-gram whose slot another identity owns (or none) is not a feature.
 */
export class NgramSelection {
  readonly slotBits: number;
  /** Identity owning each slot, or -1 for an empty slot. */
  readonly owners: Int32Array;
  readonly placed: number;
  private readonly slotMask: number;
  private readonly idMask: number;

  constructor(slotBits: number, owners: Int32Array) {
    if (!(Number.isInteger(slotBits) && slotBits >= 8 && slotBits <= 24)) {
      throw new RangeError(`slotBits must be an integer from 8 to 24, got ${slotBits}`);
    }
    if (owners.length !== 2 ** slotBits) {
      throw new RangeError(`owners has ${owners.length} slots, expected 2^${slotBits}`);
    }
    this.slotBits = slotBits;
    this.owners = owners;
    this.slotMask = 2 ** slotBits - 1;
    this.idMask = 2 ** (slotBits + tagBits) - 1;
    let placed = 0;
    for (const owner of owners) if (owner !== -1) placed++;
    this.placed = placed;
  }

  /** Returns the slot of a hash if its n-gram is selected, else -1. */
  slotOf(hash: number): number {
    const id = hash & this.idMask;
    const slot = id & this.slotMask;
    return this.owners[slot] === id ? slot : -1;
  }

  /** Returns the tag byte stored with `slot`: 0 when empty, else 0x80 | tag. */
  tagOf(slot: number): number {
    const owner = this.owners[slot]!;
    return owner === -1 ? 0 : 0x80 | (owner >>> this.slotBits);
  }
}

/** How many n-grams to keep and where. */
export interface SelectionOptions {
  /** Table slots = 2^slotBits. */
  slotBits: number;
  /** Share of the slots to fill with the best-scoring n-grams, (0, 1]. */
  fill: number;
  /** Documents an n-gram must occur in to be a candidate. */
  minDocuments?: number;
}

/**
 * Picks the n-grams that tell the classes apart best (the largest χ² of
 * document occurrence against any one class) and places them in a table
 * of 2^slotBits slots, best first. An n-gram whose slot a better one has
 * taken is dropped. χ² needs only counts, so the selection costs one sort
 * of the (document, n-gram) pairs and no model.
 */
export function selectNgrams(
  texts: HashedTexts,
  targets: Int32Array,
  classCount: number,
  options: SelectionOptions,
): NgramSelection {
  const { slotBits, fill } = options;
  const minDocuments = options.minDocuments ?? 2;
  if (!(fill > 0 && fill <= 1)) throw new RangeError(`fill must be in (0, 1], got ${fill}`);
  const idMask = 2 ** (slotBits + tagBits) - 1;

  // Distinct identities per document, keyed identity × classCount + class.
  const keys = new Float64Array(texts.hashes.length);
  const classDocuments = new Float64Array(classCount);
  let used = 0;
  let scratch = new Uint32Array(4096);
  for (let row = 0; row < texts.size; row++) {
    const start = texts.offsets[row]!;
    const end = texts.offsets[row + 1]!;
    if (scratch.length < end - start) scratch = new Uint32Array((end - start) * 2);
    const ids = scratch.subarray(0, end - start);
    for (let k = start; k < end; k++) ids[k - start] = texts.hashes[k]! & idMask;
    ids.sort();
    const target = targets[row]!;
    classDocuments[target]! += 1;
    for (let k = 0; k < ids.length; k++) {
      if (k > 0 && ids[k] === ids[k - 1]) continue;
      keys[used++] = ids[k]! * classCount + target;
    }
  }

  // Scan the sorted pairs one identity at a time and score it.
  const sorted = keys.subarray(0, used).sort();
  const documents = texts.size;
  const counts = new Float64Array(classCount);
  const candidateIds: number[] = [];
  const candidateScores: number[] = [];
  let k = 0;
  while (k < sorted.length) {
    const id = Math.floor(sorted[k]! / classCount);
    counts.fill(0);
    let total = 0;
    while (k < sorted.length && Math.floor(sorted[k]! / classCount) === id) {
      counts[sorted[k]! - id * classCount]! += 1;
      total++;
      k++;
    }
    if (total < minDocuments) continue;
    let best = 0;
    for (let c = 0; c < classCount; c++) {
      const inClass = counts[c]!;
      const outClass = total - inClass;
      const classWithout = classDocuments[c]! - inClass;
      const neither = documents - total - classWithout;
      const denominator = total * (classWithout + neither) * classDocuments[c]! * (outClass + neither);
      if (denominator <= 0) continue;
      const score = (documents * (inClass * neither - outClass * classWithout) ** 2) / denominator;
      if (score > best) best = score;
    }
    candidateIds.push(id);
    candidateScores.push(best);
  }

  // Place the candidates, best first, until the fill share is reached.
  const order = Array.from(candidateIds.keys()).sort(
    (a, b) => candidateScores[b]! - candidateScores[a]! || candidateIds[a]! - candidateIds[b]!,
  );
  const slots = 2 ** slotBits;
  const slotMask = slots - 1;
  const owners = new Int32Array(slots).fill(-1);
  const limit = Math.max(1, Math.round(slots * fill));
  let placed = 0;
  for (const index of order) {
    if (placed >= limit) break;
    const id = candidateIds[index]!;
    const slot = id & slotMask;
    if (owners[slot] !== -1) continue;
    owners[slot] = id;
    placed++;
  }
  return new NgramSelection(slotBits, owners);
}

/** 1 + ln(count) for counts below 256, looked up instead of computed. */
const sublinearTable = Float32Array.from({ length: 256 }, (_, count) =>
  count === 0 ? 0 : 1 + Math.log(count),
);

/** Returns the sublinear term frequency 1 + ln(count) of a count of at least 1. */
export function sublinearTf(count: number): number {
  return count < 256 ? sublinearTable[count]! : 1 + Math.log(count);
}

/**
 * Encodes hashed texts as slot features: each selected n-gram counts once
 * per occurrence, the weight is 1 + ln(count), and a text's weights have
 * unit L2 norm. `CompactModel.logitsOfText` computes the same features.
 */
export function encodeSelected(
  texts: HashedTexts,
  targets: Int32Array,
  selection: NgramSelection,
): EncodedDataset {
  const slots = selection.owners.length;
  const counts = new Int32Array(slots);
  const touched = new Int32Array(slots);
  const offsets = new Int32Array(texts.size + 1);
  const ids: number[] = [];
  const weights: number[] = [];
  for (let row = 0; row < texts.size; row++) {
    let distinct = 0;
    for (let k = texts.offsets[row]!; k < texts.offsets[row + 1]!; k++) {
      const slot = selection.slotOf(texts.hashes[k]!);
      if (slot < 0) continue;
      if (counts[slot]!++ === 0) touched[distinct++] = slot;
    }
    let norm = 0;
    const start = ids.length;
    for (let t = 0; t < distinct; t++) {
      const slot = touched[t]!;
      const count = counts[slot]!;
      counts[slot] = 0;
      const weight = sublinearTf(count);
      ids.push(slot);
      weights.push(weight);
      norm += weight * weight;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = start; i < ids.length; i++) weights[i]! *= scale;
    offsets[row + 1] = ids.length;
  }
  return {
    offsets,
    ids: Int32Array.from(ids),
    weights: Float32Array.from(weights),
    targets,
    size: texts.size,
  };
}
