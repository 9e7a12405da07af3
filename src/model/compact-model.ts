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

/**
 * The compact student: a linear softmax over selected character n-grams.
 * Each slot has a tag byte (which n-gram owns it) and a row of int8 class
 * weights, and each class has one float scale.
 *
 * A prediction hashes every n-gram of the text and keeps it only when its
 * slot's tag matches. The tags are an array of their own (2^16 slots = 64
 * KiB), so the probes of unselected n-grams, most of them, stay in the CPU
 * cache, and only kept n-grams read a weight row. Kept n-grams are weighted
 * 1 + ln(count) with unit L2 norm, exactly as in training (`encodeSelected`).
 */
export class CompactModel implements TextClassifierModel {
  readonly kind = 'compact';
  readonly shape: CompactShape;
  readonly classCount: number;
  /** Tag byte per slot: 0 for an empty slot, else 0x80 | the owner's tag bits. */
  readonly tags: Uint8Array;
  /**
   * Weights, slots × classCount, row-major: int8 as shipped, or float32
   * (with unit scales) to measure what quantization costs.
   */
  readonly weights: Int8Array | Float32Array;
  readonly scales: Float32Array;
  readonly bias: Float32Array;
  private readonly slotMask: number;
  private hasher: NgramHasher | null = null;
  private counts: Uint16Array | null = null;
  private touched: Int32Array | null = null;
  private readonly sums: Float64Array;

  constructor(
    shape: CompactShape,
    tags: Uint8Array,
    weights: Int8Array | Float32Array,
    scales: Float32Array,
    bias: Float32Array,
  ) {
    const slots = 2 ** shape.slotBits;
    if (tags.length !== slots || weights.length !== slots * shape.classCount) {
      throw new RangeError(
        `compact model needs ${slots} tags and ${slots * shape.classCount} weights, ` +
          `got ${tags.length} and ${weights.length}`,
      );
    }
    if (scales.length !== shape.classCount || bias.length !== shape.classCount) {
      throw new RangeError(`compact model needs ${shape.classCount} scales and biases`);
    }
    this.shape = shape;
    this.classCount = shape.classCount;
    this.slotMask = slots - 1;
    this.tags = tags;
    this.weights = weights;
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
    bits: 8 | 32 = 8,
  ): CompactModel {
    const classes = model.classCount;
    const slots = selection.owners.length;
    if (model.buckets !== slots) {
      throw new RangeError(`softmax model has ${model.buckets} buckets, the selection ${slots} slots`);
    }
    const shape = { slotBits: selection.slotBits, classCount: classes, ngramMin: ngrams.min, ngramMax: ngrams.max };
    const tags = new Uint8Array(slots);
    for (let slot = 0; slot < slots; slot++) tags[slot] = selection.tagOf(slot);
    if (bits === 32) {
      const weights = new Float32Array(slots * classes);
      for (let slot = 0; slot < slots; slot++) {
        if (tags[slot] === 0) continue;
        for (let c = 0; c < classes; c++) weights[slot * classes + c] = model.weights[slot * classes + c]!;
      }
      return new CompactModel(shape, tags, weights, new Float32Array(classes).fill(1), model.bias.slice());
    }
    return CompactModel.quantize(shape, tags, model.weights, model.bias);
  }

  /** Returns this model with int8 weights (itself when already int8). */
  quantized(): CompactModel {
    if (this.weights instanceof Int8Array) return this;
    return CompactModel.quantize(this.shape, this.tags, this.weights, this.bias);
  }

  private static quantize(
    shape: CompactShape,
    tags: Uint8Array,
    weights: Float32Array,
    bias: Float32Array,
  ): CompactModel {
    const classes = shape.classCount;
    const slots = tags.length;
    const model = { weights };
    const values = new Int8Array(slots * classes);
    const scales = new Float32Array(classes);
    for (let slot = 0; slot < slots; slot++) {
      for (let c = 0; c < classes; c++) {
        scales[c] = Math.max(scales[c]!, Math.abs(model.weights[slot * classes + c]!) / 127);
      }
    }
    for (let slot = 0; slot < slots; slot++) {
      if (tags[slot] === 0) continue;
      for (let c = 0; c < classes; c++) {
        const scale = scales[c]!;
        values[slot * classes + c] =
          scale === 0 ? 0 : Math.round(model.weights[slot * classes + c]! / scale);
      }
    }
    return new CompactModel(shape, tags.slice(), values, scales, bias.slice());
  }

  /** Counts the slots that contain an n-gram. */
  usedSlots(): number {
    let used = 0;
    for (let slot = 0; slot <= this.slotMask; slot++) {
      if (this.tags[slot] !== 0) used++;
    }
    return used;
  }

  /** Writes the logits of a slot feature vector (as `encodeSelected` builds it). */
  logits(features: FeatureVector, out: Float32Array): void {
    const classes = this.classCount;
    const sums = this.sums;
    sums.fill(0);
    for (let k = 0; k < features.count; k++) {
      const base = features.ids[k]! * classes;
      const value = features.weights[k]!;
      for (let c = 0; c < classes; c++) sums[c]! += this.weights[base + c]! * value;
    }
    for (let c = 0; c < classes; c++) out[c] = this.bias[c]! + sums[c]! * this.scales[c]!;
  }

  /**
   * Writes the logits of a text. One pass reads and hashes the n-grams
   * (folding Traditional characters), and a second probes the table.
   */
  logitsOfText(text: string, out: Float32Array): void {
    const hasher = (this.hasher ??= new NgramHasher(this.shape.ngramMin, this.shape.ngramMax));
    const counts = (this.counts ??= new Uint16Array(this.slotMask + 1));
    const touched = (this.touched ??= new Int32Array(this.slotMask + 1));
    const count = hasher.hash(text);
    const hashes = hasher.hashes;
    const tags = this.tags;
    const weights = this.weights;
    const slotBits = this.shape.slotBits;
    const slotMask = this.slotMask;
    const tagMask = (1 << tagBits) - 1;

    // Probe: keep the n-grams whose slot tag matches, counting repeats.
    let distinct = 0;
    for (let k = 0; k < count; k++) {
      const hash = hashes[k]!;
      const slot = hash & slotMask;
      if (tags[slot] !== (0x80 | ((hash >>> slotBits) & tagMask))) continue;
      if (counts[slot]!++ === 0) touched[distinct++] = slot;
    }

    // Weigh each kept n-gram 1 + ln(count) and add its int8 row.
    const classes = this.classCount;
    const sums = this.sums;
    let norm = 0;
    if (classes === 7) {
      norm = this.addRowsOfSeven(distinct);
    } else {
      sums.fill(0);
      for (let t = 0; t < distinct; t++) {
        const slot = touched[t]!;
        const n = counts[slot]!;
        counts[slot] = 0;
        const value = sublinearTf(n);
        norm += value * value;
        const base = slot * classes;
        for (let c = 0; c < classes; c++) sums[c]! += weights[base + c]! * value;
      }
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < classes; c++) {
      out[c] = this.bias[c]! + sums[c]! * scale * this.scales[c]!;
    }
  }

  /**
   * Adds the rows of the touched slots for exactly seven classes (the
   * shipped category scheme) in local variables, which the JIT keeps in
   * registers. It measured faster than the loop over a sums array.
   */
  private addRowsOfSeven(distinct: number): number {
    const counts = this.counts!;
    const touched = this.touched!;
    const weights = this.weights;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let norm = 0;

    for (let t = 0; t < distinct; t++) {
      const slot = touched[t]!;
      const n = counts[slot]!;
      counts[slot] = 0;
      const value = sublinearTf(n);
      norm += value * value;
      const base = slot * 7;
      s0 += weights[base]! * value;
      s1 += weights[base + 1]! * value;
      s2 += weights[base + 2]! * value;
      s3 += weights[base + 3]! * value;
      s4 += weights[base + 4]! * value;
      s5 += weights[base + 5]! * value;
      s6 += weights[base + 6]! * value;
    }

    const sums = this.sums;
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
    sums[3] = s3;
    sums[4] = s4;
    sums[5] = s5;
    sums[6] = s6;
    return norm;
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
      if (this.tags[slot] === tag) seen.add(slot);
    }
    return count + this.operations(seen.size);
  }

  /** Counts the multiply-adds for `featureCount` kept n-grams. */
  operations(featureCount: number): number {
    return featureCount * (this.classCount + 1) + this.classCount;
  }
}
