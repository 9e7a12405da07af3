import { defaultFeatureSettings } from '../text/features.ts';
import type { TrainStudentOptions } from './train-student.ts';
import { defaultSoftmaxTrainingOptions } from './train-softmax.ts';

/**
 * The settings that trained the shipped model. They were chosen by 3-fold
 * cross-validation on the raw-text rows of the training file only (see
 * docs/benchmarks.md); the held-out file played no part.
 */
export function defaultTrainingSetup(): TrainStudentOptions {
  return {
    settings: { ...defaultFeatureSettings },
    training: { ...defaultSoftmaxTrainingOptions },
    validationFraction: 0.15,
    refit: true,
  };
}
