import { hashString } from '../text/hash32.ts';
import { normalizeText } from './normalize-text.ts';

/**
 * Returns the distinct 32-bit hashes of the character k-grams (shingles)
 * of the normalised text, in ascending order. A text shorter than k
 * yields one hash of the whole text, and an empty text yields none.
 */
export function shingleHashes(text: string, size: number): Uint32Array {
  const normalized = normalizeText(text);
  if (normalized.length === 0) return new Uint32Array(0);
  if (normalized.length <= size) {
    return Uint32Array.of(hashString(normalized));
  }
  // Sorting a typed array and dropping repeats avoids a Set of numbers,
  // most of which are above the small-integer range and would be boxed.
  const hashes = new Uint32Array(normalized.length - size + 1);
  for (let i = 0; i < hashes.length; i += 1) {
    hashes[i] = hashString(normalized, i, i + size);
  }
  hashes.sort();
  let distinct = 0;
  for (let i = 0; i < hashes.length; i += 1) {
    if (i === 0 || hashes[i] !== hashes[i - 1]) {
      hashes[distinct] = hashes[i] as number;
      distinct += 1;
    }
  }
  return hashes.subarray(0, distinct);
}

/** Exact Jaccard similarity of two hash sets (shingle sets). */
export function jaccard(left: Uint32Array, right: Uint32Array): number {
  if (left.length === 0 && right.length === 0) return 0;
  const set = new Set(left);
  let shared = 0;
  for (const value of right) if (set.has(value)) shared += 1;
  return shared / (left.length + right.length - shared);
}
