/** A source of uniform numbers in [0, 1); inject one for repeatable runs. */
export type RandomSource = () => number;

/**
 * Creates the mulberry32 generator: 32-bit state, period 2^32, fast and
 * good enough for hashing seeds, sampling and simulations (not for
 * cryptography).
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
