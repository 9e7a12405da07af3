import { segment } from '../text/segment.ts';
import { normalizeText } from './normalize-text.ts';
import { stopWords } from './term-features.ts';

/** Weighted term counts of one appeal, as parallel arrays of term ids. */
export interface TermVector {
  ids: Int32Array;
  weights: Float32Array;
}

const titleWeight = 2;
const wordWeight = 1;
const bigramWeight = 0.5;
const numberPattern = /^[\d.]+$/;

/**
 * Interns the terms of appeals as small integers, with their document
 * frequencies in a growing typed array. Words are keyed by their text.
 * Character bigrams are keyed by their two UTF-16 code units as one
 * number, so a bigram seen before costs no string. The
 * terms are the same as `termCounts` gives (bigram text keeps its `#`).
 */
export class TermTable {
  private readonly wordIds = new Map<string, number>();
  private readonly bigramIds = new Map<number, number>();
  private readonly texts: string[] = [];
  private frequencies = new Int32Array(1024);
  /** Appeals counted into the document frequencies. */
  documentCount = 0;
  // Scratch buffers reused by `count`, indexed by term id.
  private scratch = new Float32Array(1024);
  private readonly touched: number[] = [];
  /** Terms whose frequency changed since `takeChanged`. */
  private readonly changed = new Set<number>();

  /** Number of distinct terms seen. */
  get size(): number {
    return this.texts.length;
  }

  /** Text of a term id (bigrams start with `#`). */
  text(id: number): string {
    return this.texts[id] ?? '';
  }

  /** Documents that contain the term. */
  frequency(id: number): number {
    return this.frequencies[id] ?? 0;
  }

  /** Returns the id of a term text, interning it when new. */
  idOf(text: string): number {
    if (text.startsWith('#') && text.length === 3) {
      return this.bigramId(text.charCodeAt(1), text.charCodeAt(2));
    }
    return this.wordId(text);
  }

  /**
   * Returns the weighted term counts of an appeal: words weigh 1, bigrams
   * 0.5 and title terms twice as much. With `observe` set, it also counts
   * the appeal into the document frequencies.
   */
  count(title: string, body: string, observe: boolean): TermVector {
    this.addText(title, titleWeight);
    this.addText(body, 1);
    const size = this.touched.length;
    const ids = new Int32Array(size);
    const weights = new Float32Array(size);
    for (let i = 0; i < size; i += 1) {
      const id = this.touched[i] as number;
      ids[i] = id;
      weights[i] = this.scratch[id] as number;
      this.scratch[id] = 0;
      if (observe) {
        this.frequencies[id] = (this.frequencies[id] ?? 0) + 1;
        this.changed.add(id);
      }
    }
    this.touched.length = 0;
    if (observe) this.documentCount += 1;
    return { ids, weights };
  }

  /** Sets a term's document frequency, e.g. from the store. */
  restore(text: string, documents: number): void {
    this.frequencies[this.idOf(text)] = documents;
  }

  /** Returns the terms whose frequency changed since the last call. */
  takeChanged(): [string, number][] {
    const changed = [...this.changed].map((id): [string, number] => [
      this.text(id),
      this.frequency(id),
    ]);
    this.changed.clear();
    return changed;
  }

  private addText(text: string, factor: number): void {
    // NOTE: jieba segmentation is about a third of clustering time. With
    // bigrams alone the large clusters on real data stay the same, but the
    // labels, which show words only, come out empty.
    for (const word of segment(text)) {
      if (word.length < 2 || stopWords.has(word) || numberPattern.test(word)) {
        continue;
      }
      this.bump(this.wordId(word), wordWeight * factor);
    }
    const normalized = normalizeText(text);
    for (let i = 0; i + 2 <= normalized.length; i += 1) {
      const a = normalized.charCodeAt(i);
      const b = normalized.charCodeAt(i + 1);
      if (isAsciiWord(a) && isAsciiWord(b)) continue;
      this.bump(this.bigramId(a, b), bigramWeight * factor);
    }
  }

  private bump(id: number, weight: number): void {
    if (this.scratch[id] === 0) this.touched.push(id);
    this.scratch[id] = (this.scratch[id] as number) + weight;
  }

  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.newTerm(word);
      this.wordIds.set(word, id);
    }
    return id;
  }

  private bigramId(a: number, b: number): number {
    const key = a * 65_536 + b;
    let id = this.bigramIds.get(key);
    if (id === undefined) {
      id = this.newTerm(`#${String.fromCharCode(a, b)}`);
      this.bigramIds.set(key, id);
    }
    return id;
  }

  private newTerm(text: string): number {
    const id = this.texts.length;
    this.texts.push(text);
    if (id >= this.frequencies.length) {
      const frequencies = new Int32Array(this.frequencies.length * 2);
      frequencies.set(this.frequencies);
      this.frequencies = frequencies;
      const scratch = new Float32Array(this.scratch.length * 2);
      scratch.set(this.scratch);
      this.scratch = scratch;
    }
    return id;
  }
}

/** Digits and lower-case Latin letters, which bigrams leave out. */
function isAsciiWord(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
}
