/**
 * Hashed text features: character n-grams over a normalised copy of the
 * text, optionally with word n-grams from a segmentation. Every feature is
 * a bucket id in [0, buckets) with a weight; the weights of one text have
 * unit L2 norm.
 */
export interface FeatureSettings {
  /** Number of hash buckets; a power of two. */
  buckets: number;
  /** Smallest and largest character n-gram length. */
  charNgramMin: number;
  charNgramMax: number;
  /** Sublinear term frequency (1 + ln tf) instead of raw counts. */
  sublinearTf: boolean;
}

export const defaultFeatureSettings: FeatureSettings = {
  buckets: 1 << 20,
  charNgramMin: 1,
  charNgramMax: 4,
  sublinearTf: true,
};

/** Features of one text: `count` ids and weights in reusable buffers. */
export interface FeatureVector {
  ids: Int32Array;
  weights: Float32Array;
  count: number;
}

/** Symbol of whitespace and punctuation: no n-gram crosses it. */
export const boundary = 0;

/**
 * Maps one UTF-16 code unit to the symbol the n-grams see: ASCII letters
 * fold to lower case, every digit to '0', full-width ASCII to half-width,
 * and whitespace and punctuation to a boundary that no n-gram crosses.
 */
export function symbolOf(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
  if (code >= 0x41 && code <= 0x5a) return code + 32;
  if (code >= 0x30 && code <= 0x39) return 0x30;
  if (code >= 0x61 && code <= 0x7a) return code;
  if (code >= 0x3400 && code <= 0x9fff) return code;
  if (code >= 0xd800 && code <= 0xdfff) return code;
  if (code >= 0xf900 && code <= 0xfaff) return code;
  return boundary;
}

/**
 * Reusable featurizer. It owns scratch buffers sized for the bucket count,
 * so one instance must not be shared across worker threads.
 */
export class Featurizer {
  readonly settings: FeatureSettings;
  // Open-addressing table from bucket id to count. It stays a few tens of
  // kilobytes, so it lives in cache, unlike an array over all buckets.
  private tableKeys: Int32Array;
  private tableCounts: Float32Array;
  private tableMask: number;
  private readonly slots: Int32Array;
  private symbols: Uint16Array;
  private readonly output: FeatureVector;
  private readonly mask: number;

  constructor(settings: FeatureSettings, maxFeatures = 16384) {
    if ((settings.buckets & (settings.buckets - 1)) !== 0) {
      throw new RangeError(`buckets must be a power of two: ${settings.buckets}`);
    }
    this.settings = settings;
    this.mask = settings.buckets - 1;
    const tableSize = 1 << Math.ceil(Math.log2(maxFeatures * 2));
    this.tableKeys = new Int32Array(tableSize).fill(-1);
    this.tableCounts = new Float32Array(tableSize);
    this.tableMask = tableSize - 1;
    this.slots = new Int32Array(maxFeatures);
    this.symbols = new Uint16Array(1024);
    this.output = {
      ids: new Int32Array(maxFeatures),
      weights: new Float32Array(maxFeatures),
      count: 0,
    };
  }

  /**
   * Computes the features of `text` into the featurizer's own buffers, which
   * the next call overwrites. Texts longer than the buffers allow keep their
   * first features only.
   */
  featurize(text: string): FeatureVector {
    const { charNgramMin, charNgramMax, sublinearTf } = this.settings;
    const symbols = this.normalise(text);
    const length = symbols.length;
    const keys = this.tableKeys;
    const counts = this.tableCounts;
    const tableMask = this.tableMask;
    const slots = this.slots;
    const capacity = slots.length;
    const mask = this.mask;
    let distinct = 0;

    for (let i = 0; i < length; i++) {
      if (symbols[i] === boundary) continue;
      // FNV-1a over the n-gram's symbols, then the length folded in, so
      // each order lands in its own part of the hash space.
      let hash = 0x811c9dc5;
      for (let n = 1; n <= charNgramMax && i + n <= length; n++) {
        const symbol = symbols[i + n - 1]!;
        if (symbol === boundary) break;
        hash = Math.imul(hash ^ symbol, 0x01000193);
        if (n < charNgramMin) continue;
        const id = (Math.imul(hash ^ (n * 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
        let slot = Math.imul(id, 0x9e3779b1) & tableMask;
        while (keys[slot] !== -1 && keys[slot] !== id) {
          slot = (slot + 1) & tableMask;
        }
        if (keys[slot] === -1) {
          if (distinct === capacity) continue;
          keys[slot] = id;
          slots[distinct++] = slot;
        }
        counts[slot]! += 1;
      }
    }

    const { ids, weights } = this.output;
    let norm = 0;
    for (let k = 0; k < distinct; k++) {
      const slot = slots[k]!;
      const count = counts[slot]!;
      ids[k] = keys[slot]!;
      keys[slot] = -1;
      counts[slot] = 0;
      const weight = sublinearTf ? 1 + Math.log(count) : count;
      weights[k] = weight;
      norm += weight * weight;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < distinct; k++) weights[k]! *= scale;
    this.output.count = distinct;
    return this.output;
  }

  private normalise(text: string): Uint16Array {
    if (this.symbols.length < text.length) {
      this.symbols = new Uint16Array(text.length * 2);
    }
    const symbols = this.symbols;
    for (let i = 0; i < text.length; i++) {
      symbols[i] = symbolOf(text.charCodeAt(i));
    }
    return symbols.subarray(0, text.length);
  }
}
