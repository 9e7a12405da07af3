/**
 * Hashes a string's UTF-16 code units with FNV-1a (32 bits). Stable across
 * runs and platforms, so signatures computed from it can be stored.
 */
export function hashString(text: string, start = 0, end = text.length): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Mixes a 32-bit value with the MurmurHash3 finaliser. The function is a
 * bijection on 32-bit integers, so `mix32(x ^ seed)` is a seeded
 * permutation of hash values.
 */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
