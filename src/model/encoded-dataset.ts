import { Featurizer, type FeatureSettings } from '../text/features.ts';
import { toSimplified } from '../text/simplified.ts';

/**
 * Feature vectors of many texts packed row by row (CSR layout): row i owns
 * ids and weights in [offsets[i], offsets[i + 1]).
 */
export interface EncodedDataset {
  offsets: Int32Array;
  ids: Int32Array;
  weights: Float32Array;
  targets: Int32Array;
  size: number;
}

/** Featurizes texts once so that training epochs only read arrays. */
export function encodeDataset(
  texts: readonly string[],
  targets: readonly number[],
  settings: FeatureSettings,
): EncodedDataset {
  const featurizer = new Featurizer(settings);
  const offsets = new Int32Array(texts.length + 1);
  let ids = new Int32Array(texts.length * 256);
  let weights = new Float32Array(texts.length * 256);
  let used = 0;
  texts.forEach((text, i) => {
    const vector = featurizer.featurize(toSimplified(text));
    if (used + vector.count > ids.length) {
      const grown = Math.max(ids.length * 2, used + vector.count);
      const nextIds = new Int32Array(grown);
      nextIds.set(ids.subarray(0, used));
      const nextWeights = new Float32Array(grown);
      nextWeights.set(weights.subarray(0, used));
      ids = nextIds;
      weights = nextWeights;
    }
    ids.set(vector.ids.subarray(0, vector.count), used);
    weights.set(vector.weights.subarray(0, vector.count), used);
    used += vector.count;
    offsets[i + 1] = used;
  });
  return {
    offsets,
    ids: ids.slice(0, used),
    weights: weights.slice(0, used),
    targets: Int32Array.from(targets),
    size: texts.length,
  };
}
