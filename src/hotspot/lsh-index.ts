import { InvalidArgumentError } from '../errors/index.ts';
import { mix32 } from '../text/hash32.ts';

/** Shape of a banded LSH index over MinHash signatures. */
export interface LshIndexOptions {
  /** Signature length; must equal bands × rows. */
  hashCount: number;
  /** Number of bands; a pair becomes a candidate when one band matches. */
  bands: number;
  /** Initial capacity in entries; the index grows by doubling. */
  initialCapacity?: number;
}

/** A stored entry that shares at least one band with the query. */
export interface LshCandidate {
  id: number;
  /** Estimated Jaccard similarity from the 8-bit signature sketch. */
  similarity: number;
}

const emptySlot = -1;
/** Share of random 8-bit sketch slots that agree by chance. */
const chanceAgreement = 1 / 256;

/**
 * In-memory banded LSH index over MinHash signatures, built from typed
 * arrays so that a million entries cost a few hundred megabytes and no
 * per-entry objects.
 *
 * Each band of `rows` signature values is hashed to a 32-bit band key.
 * Per band, a chained hash table (`heads` by key slot, `next` per entry)
 * links the entries with that slot. Each entry also keeps an 8-bit sketch
 * (low byte of every MinHash value), from which a query estimates the
 * Jaccard similarity of each candidate without the full signature
 * (b-bit minwise hashing: J = (m - 1/256) / (1 - 1/256), where m is the
 * share of equal bytes).
 *
 * With b bands of r rows, a pair with Jaccard similarity J becomes a
 * candidate with probability 1 - (1 - J^r)^b.
 */
export class LshIndex {
  readonly hashCount: number;
  readonly bands: number;
  readonly rows: number;
  private capacity: number;
  private tableBits: number;
  private countValue = 0;
  private ids: Int32Array;
  private sketches: Uint8Array;
  private bandKeys: Uint32Array;
  private next: Int32Array;
  private heads: Int32Array;
  /** Per-entry stamp of the last query that saw it, to skip repeats. */
  private seenStamps: Uint32Array;
  private stamp = 0;
  private readonly idToSlot = new Map<number, number>();

  constructor(options: LshIndexOptions) {
    const { hashCount, bands } = options;
    if (
      !Number.isInteger(bands) ||
      bands < 1 ||
      !Number.isInteger(hashCount) ||
      hashCount % bands !== 0
    ) {
      throw new InvalidArgumentError({
        parameter: 'bands',
        value: { hashCount, bands },
        message:
          `LSH bands (${String(bands)}) must be a positive integer that ` +
          `divides the signature length (${String(hashCount)}). ` +
          'Choose bands so that hashCount = bands × rows.',
      });
    }
    this.hashCount = hashCount;
    this.bands = bands;
    this.rows = hashCount / bands;
    this.capacity = Math.max(16, options.initialCapacity ?? 1024);
    this.tableBits = tableBitsFor(this.capacity);
    this.ids = new Int32Array(this.capacity);
    this.sketches = new Uint8Array(this.capacity * hashCount);
    this.bandKeys = new Uint32Array(this.capacity * bands);
    this.next = new Int32Array(this.capacity * bands);
    this.heads = new Int32Array(bands << this.tableBits).fill(emptySlot);
    this.seenStamps = new Uint32Array(this.capacity);
  }

  /** Number of entries. */
  get size(): number {
    return this.countValue;
  }

  /** Bytes held by the typed arrays (excluding the id map). */
  get byteLength(): number {
    return (
      this.ids.byteLength +
      this.sketches.byteLength +
      this.bandKeys.byteLength +
      this.next.byteLength +
      this.heads.byteLength +
      this.seenStamps.byteLength
    );
  }

  /** Checks whether an id is indexed. */
  has(id: number): boolean {
    return this.idToSlot.has(id);
  }

  /**
   * Adds one signature under an integer id (e.g. the appeal's row id).
   * Adding an id twice is ignored, so a rebuild after a restart can
   * safely replay rows that were already added.
   */
  add(id: number, signature: Uint32Array): void {
    this.checkSignature(signature);
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
      throw new InvalidArgumentError({
        parameter: 'id',
        value: id,
        message:
          `LSH index ids must be integers from 0 to 2^31 - 1, got ` +
          `${String(id)}. Use the appeal's row id.`,
      });
    }
    if (this.idToSlot.has(id)) return;
    if (this.countValue === this.capacity) this.grow();
    const slot = this.countValue;
    this.countValue += 1;
    this.idToSlot.set(id, slot);
    this.ids[slot] = id;
    const sketchBase = slot * this.hashCount;
    for (let i = 0; i < this.hashCount; i += 1) {
      this.sketches[sketchBase + i] = (signature[i] as number) & 0xff;
    }
    const mask = (1 << this.tableBits) - 1;
    for (let band = 0; band < this.bands; band += 1) {
      const key = this.bandKey(signature, band);
      const entry = slot * this.bands + band;
      this.bandKeys[entry] = key;
      const head = (band << this.tableBits) + (key & mask);
      this.next[entry] = this.heads[head] as number;
      this.heads[head] = slot;
    }
  }

  /**
   * Returns the entries that share a band with the signature and whose
   * estimated similarity is at least `minimumSimilarity`, best first.
   * `bandScanLimit` caps the entries visited per band, most recently added
   * first. Without it a query costs time linear in the entries that share
   * a band, which is all of them when thousands of appeals repeat one
   * template.
   */
  query(
    signature: Uint32Array,
    minimumSimilarity: number,
    limit = 50,
    bandScanLimit = Infinity,
  ): LshCandidate[] {
    this.checkSignature(signature);
    this.stamp += 1;
    if (this.stamp === 0xffffffff) {
      this.seenStamps.fill(0);
      this.stamp = 1;
    }
    const sketch = new Uint8Array(this.hashCount);
    for (let i = 0; i < this.hashCount; i += 1) {
      sketch[i] = (signature[i] as number) & 0xff;
    }
    const mask = (1 << this.tableBits) - 1;
    const found: LshCandidate[] = [];
    for (let band = 0; band < this.bands; band += 1) {
      const key = this.bandKey(signature, band);
      let slot = this.heads[(band << this.tableBits) + (key & mask)] as number;
      for (let visited = 0; slot !== emptySlot; visited += 1) {
        if (visited >= bandScanLimit) break;
        const entry = slot * this.bands + band;
        if (
          this.bandKeys[entry] === key &&
          this.seenStamps[slot] !== this.stamp
        ) {
          this.seenStamps[slot] = this.stamp;
          const similarity = this.sketchSimilarity(slot, sketch);
          if (similarity >= minimumSimilarity) {
            found.push({ id: this.ids[slot] as number, similarity });
          }
        }
        slot = this.next[entry] as number;
      }
    }
    found.sort((a, b) => b.similarity - a.similarity || a.id - b.id);
    return found.length > limit ? found.slice(0, limit) : found;
  }

  private sketchSimilarity(slot: number, sketch: Uint8Array): number {
    const base = slot * this.hashCount;
    let equal = 0;
    for (let i = 0; i < this.hashCount; i += 1) {
      if (this.sketches[base + i] === sketch[i]) equal += 1;
    }
    const share = equal / this.hashCount;
    return Math.max(0, (share - chanceAgreement) / (1 - chanceAgreement));
  }

  private bandKey(signature: Uint32Array, band: number): number {
    let key = mix32(band + 0x9e3779b9);
    const start = band * this.rows;
    for (let i = start; i < start + this.rows; i += 1) {
      key = mix32(key ^ (signature[i] as number));
    }
    return key;
  }

  private checkSignature(signature: Uint32Array): void {
    if (signature.length !== this.hashCount) {
      throw new InvalidArgumentError({
        parameter: 'signature',
        value: signature.length,
        message:
          `signature has ${signature.length} values but this LSH index ` +
          `takes ${this.hashCount}. Sign the text with the MinHasher ` +
          'options the index was built with.',
      });
    }
  }

  /** Doubles the capacity and rehashes the chains from the band keys. */
  private grow(): void {
    const capacity = this.capacity * 2;
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    const sketches = new Uint8Array(capacity * this.hashCount);
    sketches.set(this.sketches);
    const bandKeys = new Uint32Array(capacity * this.bands);
    bandKeys.set(this.bandKeys);
    const seenStamps = new Uint32Array(capacity);
    seenStamps.set(this.seenStamps);
    this.ids = ids;
    this.sketches = sketches;
    this.bandKeys = bandKeys;
    this.seenStamps = seenStamps;
    this.next = new Int32Array(capacity * this.bands);
    this.capacity = capacity;
    this.tableBits = tableBitsFor(capacity);
    this.heads = new Int32Array(this.bands << this.tableBits).fill(emptySlot);
    const mask = (1 << this.tableBits) - 1;
    for (let slot = 0; slot < this.countValue; slot += 1) {
      for (let band = 0; band < this.bands; band += 1) {
        const entry = slot * this.bands + band;
        const key = this.bandKeys[entry] as number;
        const head = (band << this.tableBits) + (key & mask);
        this.next[entry] = this.heads[head] as number;
        this.heads[head] = slot;
      }
    }
  }
}

/** Table size of half the capacity (load factor up to 2 per band). */
function tableBitsFor(capacity: number): number {
  return Math.max(4, Math.ceil(Math.log2(capacity)) - 1);
}
