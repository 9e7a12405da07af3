import { defaultFeatureSettings } from '../text/features.ts';
import type { TrainStudentOptions } from './train-student.ts';
import { defaultSoftmaxTrainingOptions } from './train-softmax.ts';

/**
 * Returns the settings that trained the shipped model: the compact student
 * (character 1–4-grams, the best χ² n-grams in 90 % of 2^16 slots, L2
 * 3e-4, one model rather than a seed ensemble). They were chosen on validation splits
 * of the training file only (see docs/benchmarks.md), and the held-out
 * file played no part.
 */
export function defaultTrainingSetup(): TrainStudentOptions {
  return {
    settings: { ...defaultFeatureSettings },
    training: { ...defaultSoftmaxTrainingOptions, ensembleSize: 1, l2: 3e-4 },
    validationFraction: 0.15,
    refit: true,
    selection: { slotBits: 16, fill: 0.9 },
  };
}

/**
 * Returns the settings of the hashed softmax student over 2^20 buckets,
 * the shipped model before the compact one; `hotline train --kind softmax`
 * and the distillation command use it.
 */
export function hashedSoftmaxSetup(): TrainStudentOptions {
  return {
    settings: { ...defaultFeatureSettings },
    training: { ...defaultSoftmaxTrainingOptions },
    validationFraction: 0.15,
    refit: true,
  };
}
