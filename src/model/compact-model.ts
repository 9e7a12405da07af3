import type { FeatureVector } from '../text/features.ts';
import { NgramHasher } from '../text/ngram-hashes.ts';
import type { TextClassifierModel } from './classifier-model.ts';
import { sublinearTf, tagBits, type NgramSelection } from './ngram-selection.ts';
import type { SoftmaxModel } from './softmax-model.ts';

/** Shape of a compact model, as the model file records it. */
export interface CompactShape {
  slotBits: number;
  classCount: number;
  ngramMin: number;
  ngramMax: number;
}

/** Bytes per slot: one tag byte and one int8 per class, rounded up to a power of two. */
export function compactRowBytes(classCount: number): number {
  return Math.max(8, 2 ** Math.ceil(Math.log2(classCount + 1)));
}

/**
 * The compact student: a linear softmax over selected character n-grams,
 * stored as one small table. Each slot contains a tag byte (which n-gram owns
 * it) and int8 class weights; each class has one float scale.
 *
 * A prediction hashes every n-gram of the text, reads its slot and keeps it
 * only when the tag matches, so unselected n-grams cost one read of a table
 * that fits the CPU's L2 cache (2^16 slots × 8 bytes = 512 KiB). Kept
 * n-grams are weighted 1 + ln(count) with unit L2 norm, exactly as in
 * training (`encodeSelected`).
 */
export class CompactModel implements TextClassifierModel {
  readonly kind = 'compact';
  readonly shape: CompactShape;
  readonly classCount: number;
  readonly rowBytes: number;
  /** slots × rowBytes: byte 0 the tag, bytes 1…classCount the int8 weights. */
  readonly table: Uint8Array;
  readonly scales: Float32Array;
  readonly bias: Float32Array;
  private readonly weights: Int8Array;
  private readonly rowShift: number;
  private readonly slotMask: number;
  private hasher: NgramHasher | null = null;
  private counts: Uint16Array | null = null;
  private touched: Int32Array | null = null;
  private readonly sums: Float64Array;

  constructor(shape: CompactShape, table: Uint8Array, scales: Float32Array, bias: Float32Array) {
    const rowBytes = compactRowBytes(shape.classCount);
    const slots = 2 ** shape.slotBits;
    if (table.length !== slots * rowBytes) {
      throw new RangeError(`compact table has ${table.length} bytes, expected ${slots} slots × ${rowBytes}`);
    }
    if (scales.length !== shape.classCount || bias.length !== shape.classCount) {
      throw new RangeError(`compact model needs ${shape.classCount} scales and biases`);
    }
    this.shape = shape;
    this.classCount = shape.classCount;
    this.rowBytes = rowBytes;
    this.rowShift = Math.log2(rowBytes);
    this.slotMask = slots - 1;
    this.table = table;
    this.weights = new Int8Array(table.buffer, table.byteOffset, table.byteLength);
    this.scales = scales;
    this.bias = bias;
    this.sums = new Float64Array(shape.classCount);
  }

  /**
   * Quantizes a softmax model trained on the slot features of `selection`
   * to int8 with one scale per class (the largest |weight| of the class
   * maps to 127), and writes each slot's tag.
   */
  static fromSoftmax(
    model: SoftmaxModel,
    selection: NgramSelection,
    ngrams: { min: number; max: number },
  ): CompactModel {
    const classes = model.classCount;
    const slots = selection.owners.length;
    if (model.buckets !== slots) {
      throw new RangeError(`softmax model has ${model.buckets} buckets, the selection ${slots} slots`);
    }
    const rowBytes = compactRowBytes(classes);
    const table = new Uint8Array(slots * rowBytes);
    const values = new Int8Array(table.buffer);
    const scales = new Float32Array(classes);
    for (let slot = 0; slot < slots; slot++) {
      for (let c = 0; c < classes; c++) {
        scales[c] = Math.max(scales[c]!, Math.abs(model.weights[slot * classes + c]!) / 127);
      }
    }
    for (let slot = 0; slot < slots; slot++) {
      const tag = selection.tagOf(slot);
      if (tag === 0) continue;
      table[slot * rowBytes] = tag;
      for (let c = 0; c < classes; c++) {
        const scale = scales[c]!;
        values[slot * rowBytes + 1 + c] =
          scale === 0 ? 0 : Math.round(model.weights[slot * classes + c]! / scale);
      }
    }
    return new CompactModel(
      { slotBits: selection.slotBits, classCount: classes, ngramMin: ngrams.min, ngramMax: ngrams.max },
      table,
      scales,
      model.bias.slice(),
    );
  }

  /** Returns the dequantized weight of class `c` in slot `slot`. */
  weight(slot: number, c: number): number {
    return this.weights[(slot << this.rowShift) + 1 + c]! * this.scales[c]!;
  }

  /** Counts the slots that contain an n-gram. */
  usedSlots(): number {
    let used = 0;
    for (let slot = 0; slot <= this.slotMask; slot++) {
      if (this.table[slot << this.rowShift] !== 0) used++;
    }
    return used;
  }

  /** Writes the logits of a slot feature vector (as `encodeSelected` builds it). */
  logits(features: FeatureVector, out: Float32Array): void {
    const classes = this.classCount;
    const sums = this.sums;
    sums.fill(0);
    for (let k = 0; k < features.count; k++) {
      const base = (features.ids[k]! << this.rowShift) + 1;
      const value = features.weights[k]!;
      for (let c = 0; c < classes; c++) sums[c]! += this.weights[base + c]! * value;
    }
    for (let c = 0; c < classes; c++) out[c] = this.bias[c]! + sums[c]! * this.scales[c]!;
  }

  /**
   * Writes the logits of a text, which should already be Simplified (the
   * student folds it). One pass hashes the n-grams, and a second probes the table.
   */
  logitsOfText(text: string, out: Float32Array): void {
    const hasher = (this.hasher ??= new NgramHasher(this.shape.ngramMin, this.shape.ngramMax));
    const counts = (this.counts ??= new Uint16Array(this.slotMask + 1));
    const touched = (this.touched ??= new Int32Array(this.slotMask + 1));
    const count = hasher.hash(text);
    const hashes = hasher.hashes;
    const table = this.table;
    const weights = this.weights;
    const shift = this.rowShift;
    const slotBits = this.shape.slotBits;
    const slotMask = this.slotMask;
    const tagMask = (1 << tagBits) - 1;

    // Probe: keep the n-grams whose slot tag matches, counting repeats.
    let distinct = 0;
    for (let k = 0; k < count; k++) {
      const hash = hashes[k]!;
      const slot = hash & slotMask;
      if (table[slot << shift] !== (0x80 | ((hash >>> slotBits) & tagMask))) continue;
      if (counts[slot]!++ === 0) touched[distinct++] = slot;
    }

    // Weigh each kept n-gram 1 + ln(count) and add its int8 row.
    const classes = this.classCount;
    const sums = this.sums;
    sums.fill(0);
    let norm = 0;
    for (let t = 0; t < distinct; t++) {
      const slot = touched[t]!;
      const n = counts[slot]!;
      counts[slot] = 0;
      const value = n < 256 ? sublinearTf[n]! : 1 + Math.log(n);
      norm += value * value;
      const base = (slot << shift) + 1;
      for (let c = 0; c < classes; c++) sums[c]! += weights[base + c]! * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < classes; c++) {
      out[c] = this.bias[c]! + sums[c]! * scale * this.scales[c]!;
    }
  }

  /**
   * Counts the operations of one prediction: one table probe per n-gram,
   * then a weight and one multiply-add per class for each distinct kept
   * n-gram, then one scale per class.
   */
  operationsForText(text: string): number {
    const hasher = (this.hasher ??= new NgramHasher(this.shape.ngramMin, this.shape.ngramMax));
    const count = hasher.hash(text);
    const seen = new Set<number>();
    const slotMask = this.slotMask;
    for (let k = 0; k < count; k++) {
      const hash = hasher.hashes[k]!;
      const slot = hash & slotMask;
      const tag = 0x80 | ((hash >>> this.shape.slotBits) & ((1 << tagBits) - 1));
      if (this.table[slot << this.rowShift] === tag) seen.add(slot);
    }
    return count + this.operations(seen.size);
  }

  /** Counts the multiply-adds for `featureCount` kept n-grams. */
  operations(featureCount: number): number {
    return featureCount * (this.classCount + 1) + this.classCount;
  }
}
