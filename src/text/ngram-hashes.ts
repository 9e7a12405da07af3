import { boundary, symbolOf } from './features.ts';
import { mix32 } from './hash32.ts';
import { firstCode, toSimplified, traditionalCodePoints } from './simplified.ts';

/** Characters of a text that are hashed; an appeal is far shorter. */
export const maxTextLength = 60_000;

/**
 * Streams the 32-bit hashes of a text's character n-grams, one per
 * occurrence and in text order, into a reusable buffer. Symbols are those
 * of the hashed features (`symbolOf`): letters lower-cased, digits folded,
 * punctuation a boundary that no n-gram crosses. A text with Traditional
 * characters is folded to Simplified first (`toSimplified`), found in the
 * same pass that reads the symbols. Training and prediction both hash
 * through this one class, so they cannot disagree.
 */
export class NgramHasher {
  readonly minLength: number;
  readonly maxLength: number;
  /** Hashes of the last text, valid for [0, count). */
  hashes: Uint32Array;
  count = 0;
  private symbols: Uint16Array;

  constructor(minLength: number, maxLength: number) {
    if (!(Number.isInteger(minLength) && minLength >= 1 && maxLength >= minLength && maxLength <= 8)) {
      throw new RangeError(`n-gram lengths must satisfy 1 <= min <= max <= 8, got ${minLength}-${maxLength}`);
    }
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.hashes = new Uint32Array(4096);
    this.symbols = new Uint16Array(1024);
  }

  /**
   * Hashes `text` and returns the number of n-grams (also in `count`). Only
   * the first `maxTextLength` characters count, so that no n-gram occurs
   * 65,536 times or more and a 16-bit counter cannot wrap.
   */
  hash(text: string): number {
    let length = this.readSymbols(text, true);
    if (length < 0) length = this.readSymbols(toSimplified(text), false);
    return this.hashSymbols(length);
  }

  /**
   * Writes the symbols of `text` into the buffer and returns their count.
   * With `stopAtTraditional` it returns -1 at the first Traditional-only
   * character instead, so the caller can fold the text and read it again.
   */
  private readSymbols(text: string, stopAtTraditional: boolean): number {
    const length = Math.min(text.length, maxTextLength);
    if (this.symbols.length < length) this.symbols = new Uint16Array(length * 2);
    const symbols = this.symbols;
    const traditional = traditionalCodePoints();
    const tableLength = traditional.length;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      const index = code - firstCode;
      if (stopAtTraditional && index >= 0 && index < tableLength && traditional[index] === 1) {
        return -1;
      }
      symbols[i] = symbolOf(code);
    }
    return length;
  }

  /** Hashes the n-grams of the first `length` symbols of the buffer. */
  private hashSymbols(length: number): number {
    const needed = length * (this.maxLength - this.minLength + 1);
    if (this.hashes.length < needed) this.hashes = new Uint32Array(needed * 2);
    const symbols = this.symbols;
    const hashes = this.hashes;
    const { minLength, maxLength } = this;
    let count = 0;
    for (let i = 0; i < length; i++) {
      if (symbols[i] === boundary) continue;
      // FNV-1a over the n-gram's symbols; the length is folded in before
      // the final mix, so each order hashes apart.
      let state = 0x811c9dc5;
      const end = Math.min(length, i + maxLength);
      for (let j = i; j < end; j++) {
        const symbol = symbols[j]!;
        if (symbol === boundary) break;
        state = Math.imul(state ^ symbol, 0x01000193);
        const order = j - i + 1;
        if (order < minLength) continue;
        hashes[count++] = mix32(state ^ Math.imul(order, 0x9e3779b1));
      }
    }
    this.count = count;
    return count;
  }
}
