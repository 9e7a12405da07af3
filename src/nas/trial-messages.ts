import type { MoeTrainingOptions } from '../model/train-moe.ts';
import type { CandidateMeasures } from './evaluate-candidate.ts';
import type { Candidate } from './search-space.ts';

/** A request from the search to a trial worker. */
export type TrialRequest =
  | {
      type: 'init';
      dataFile: string;
      validationFraction: number;
      training: MoeTrainingOptions;
    }
  /**
   * Train trial `id` until `untilEpoch` epochs in total, then measure.
   * `splitSeed` picks another validation split than the search's own.
   */
  | { type: 'train'; id: number; candidate: Candidate; untilEpoch: number; splitSeed?: number }
  /** Free the trial's weights; it will not be promoted. */
  | { type: 'drop'; id: number };

/** A reply from a trial worker. */
export type TrialReply =
  | { type: 'ready' }
  | {
      type: 'result';
      id: number;
      epochs: number;
      bestEpoch: number;
      finished: boolean;
      trainSeconds: number;
      measures: CandidateMeasures;
      /** The measured model as a model file. */
      file: Uint8Array;
    }
  | { type: 'error'; id: number; message: string };
