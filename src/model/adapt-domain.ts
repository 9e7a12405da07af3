import type { EncodedDataset } from './encoded-dataset.ts';
import { MoeModel } from './moe-model.ts';
import { shuffle, type Random } from './random.ts';
import { MoeTrainer, macroF1OfRows, type MoeTrainingOptions } from './train-moe.ts';

/**
 * Returns a copy of `model` with `count` new experts. The old parameters
 * are copied unchanged. The new experts get random hidden layers, zero
 * output layers (so they change no logit until trained) and gate rows
 * at zero.
 */
export function addExperts(model: MoeModel, count: number, random: Random): MoeModel {
  const a = model.architecture;
  if (a.experts === 0) {
    throw new RangeError('addExperts needs a model with experts; this one has none');
  }
  const grown = new MoeModel({ ...a, experts: a.experts + count });
  const { dimension: d, hidden: h } = a;
  grown.embedding.set(model.embedding);
  grown.gateWeights.set(model.gateWeights);
  grown.gateBias.set(model.gateBias);
  grown.hiddenWeights.set(model.hiddenWeights);
  grown.hiddenBias.set(model.hiddenBias);
  grown.outputWeights.set(model.outputWeights);
  grown.outputBias.set(model.outputBias);
  grown.skipWeights.set(model.skipWeights);
  grown.skipBias.set(model.skipBias);
  const range = Math.sqrt(6 / d);
  for (let i = a.experts * h * d; i < grown.hiddenWeights.length; i++) {
    grown.hiddenWeights[i] = (random() * 2 - 1) * range;
  }
  grown.refreshLiveRows();
  return grown;
}

/** Joins datasets row by row (targets must index the same labels). */
export function concatDatasets(parts: readonly EncodedDataset[]): EncodedDataset {
  const size = parts.reduce((sum, part) => sum + part.size, 0);
  const featureCount = parts.reduce((sum, part) => sum + part.ids.length, 0);
  const offsets = new Int32Array(size + 1);
  const ids = new Int32Array(featureCount);
  const weights = new Float32Array(featureCount);
  const targets = new Int32Array(size);
  let row = 0;
  let used = 0;
  for (const part of parts) {
    ids.set(part.ids.subarray(0, part.offsets[part.size]!), used);
    weights.set(part.weights.subarray(0, part.offsets[part.size]!), used);
    targets.set(part.targets.subarray(0, part.size), row);
    for (let i = 1; i <= part.size; i++) offsets[row + i] = used + part.offsets[i]!;
    row += part.size;
    used += part.offsets[part.size]!;
  }
  return { offsets, ids, weights, targets, size };
}

/** Picks `count` rows of a dataset at random, without repeats. */
export function sampleRows(data: EncodedDataset, count: number, random: Random): EncodedDataset {
  const order = shuffle(Array.from({ length: data.size }, (_, i) => i), random);
  const chosen = order.slice(0, Math.min(count, data.size)).sort((a, b) => a - b);
  const offsets = new Int32Array(chosen.length + 1);
  let featureCount = 0;
  for (const row of chosen) featureCount += data.offsets[row + 1]! - data.offsets[row]!;
  const ids = new Int32Array(featureCount);
  const weights = new Float32Array(featureCount);
  const targets = new Int32Array(chosen.length);
  let used = 0;
  chosen.forEach((row, i) => {
    const start = data.offsets[row]!;
    const end = data.offsets[row + 1]!;
    ids.set(data.ids.subarray(start, end), used);
    weights.set(data.weights.subarray(start, end), used);
    used += end - start;
    offsets[i + 1] = used;
    targets[i] = data.targets[row]!;
  });
  return { offsets, ids, weights, targets, size: chosen.length };
}

/** Macro-F1 of a model before and after adaptation, on both domains. */
export interface AdaptationReport {
  newDomainBefore: number;
  newDomainAfter: number;
  oldDomainBefore: number;
  oldDomainAfter: number;
  /** Parameters that adaptation trained. */
  trainedParameters: number;
}

/**
 * Adapts an MoE model to a new domain by adding `newExperts` experts and
 * training only the gate and those experts; the embedding table, the old
 * experts and the skip layer stay frozen. `rehearsal` rows (labelled
 * old-domain rows) are mixed into the training rows, so the gate keeps
 * routing old appeals as before. Macro-F1 is measured on the
 * new domain's test rows and on the old domain's rows before and after.
 *
 * Under top-1 routing the gate gets no gradient from the classification
 * loss (one routed expert's share is always 1), only from the balancing
 * term, which pushes appeals towards the new expert. Prefer `MoeAdapter`
 * for top-1 models.
 */
export function adaptMoe(
  base: MoeModel,
  newTrain: EncodedDataset,
  newTest: EncodedDataset,
  oldTest: EncodedDataset,
  newExperts: number,
  options: MoeTrainingOptions,
  random: Random,
  rehearsal: EncodedDataset | null = null,
): { model: MoeModel; report: AdaptationReport } {
  const model = addExperts(base, newExperts, random);
  const oldCount = base.architecture.experts;
  const experts = new Set<number>();
  for (let j = oldCount; j < oldCount + newExperts; j++) experts.add(j);
  const trainer = new MoeTrainer(
    model.architecture,
    {
      ...options,
      trainable: { embedding: false, gate: true, skip: false, experts },
    },
    model,
  );
  const before = {
    newDomain: macroF1OfRows(base, newTest),
    oldDomain: macroF1OfRows(base, oldTest),
  };
  const train = rehearsal === null ? newTrain : concatDatasets([newTrain, rehearsal]);
  // NOTE: with fixedEpochs unset the trainer early-stops on the new
  // domain's test rows; pass fixedEpochs to keep them unseen.
  trainer.train(train, options.fixedEpochs === undefined ? newTest : null, options.maxEpochs);
  const { dimension: d, hidden: h, classCount: classes } = model.architecture;
  const trainedParameters =
    model.gateWeights.length + model.gateBias.length + newExperts * (h * d + h + classes * h + classes);
  return {
    model,
    report: {
      newDomainBefore: before.newDomain,
      newDomainAfter: macroF1OfRows(model, newTest),
      oldDomainBefore: before.oldDomain,
      oldDomainAfter: macroF1OfRows(model, oldTest),
      trainedParameters,
    },
  };
}
