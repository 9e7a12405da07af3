import type { EncodedDataset } from '../../src/model/encoded-dataset.ts';
import { MoeModel, type MoeArchitecture } from '../../src/model/moe-model.ts';
import { createRandom, type Random } from '../../src/model/random.ts';

/** A tiny architecture for exact checks. */
export const tinyArchitecture: MoeArchitecture = {
  buckets: 16,
  dimension: 3,
  experts: 3,
  hidden: 4,
  topK: 2,
  classCount: 3,
  skip: true,
};

/** A model with every parameter group filled with seeded values. */
export function randomModel(
  architecture: MoeArchitecture,
  random: Random,
  range = 0.8,
): MoeModel {
  const model = new MoeModel(architecture);
  for (const [, values] of model.parameterGroups()) {
    for (let i = 0; i < values.length; i++) {
      values[i] = (random() * 2 - 1) * range;
    }
  }
  model.refreshLiveRows();
  return model;
}

/** `size` rows of 2–5 random features each with unit-norm weights. */
export function randomDataset(
  size: number,
  buckets: number,
  classCount: number,
  seed: number,
): EncodedDataset {
  const random = createRandom(seed);
  const offsets = [0];
  const ids: number[] = [];
  const weights: number[] = [];
  const targets: number[] = [];
  for (let row = 0; row < size; row++) {
    const count = Math.min(buckets, 2 + Math.floor(random() * 4));
    const values: number[] = [];
    const used = new Set<number>();
    while (used.size < count) used.add(Math.floor(random() * buckets));
    for (const id of used) {
      ids.push(id);
      values.push(0.2 + random());
    }
    const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
    weights.push(...values.map((v) => v / norm));
    offsets.push(ids.length);
    targets.push(Math.floor(random() * classCount));
  }
  return {
    offsets: Int32Array.from(offsets),
    ids: Int32Array.from(ids),
    weights: Float32Array.from(weights),
    targets: Int32Array.from(targets),
    size,
  };
}
