import { Featurizer, type FeatureSettings } from '../text/features.ts';
import { toSimplified } from '../text/simplified.ts';
import { softmaxInPlace } from './softmax-model.ts';
import { readsText, type ClassifierModel } from './classifier-model.ts';
import type { CategoryScore } from '../triage/triage-result.ts';

/** What the model file records about how and on what a model was trained. */
export interface StudentMetadata {
  version: string;
  createdAt: string;
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

/** One prediction: the best label, its calibrated probability, all scores. */
export interface Prediction {
  label: string;
  confidence: number;
  /** Every label with its probability, best first. */
  scores: CategoryScore[];
}

/**
 * The student classifier: featurizer, model and calibration together. Not
 * safe to share across worker threads (the featurizer has scratch buffers).
 */
export class Student {
  readonly labels: string[];
  readonly settings: FeatureSettings;
  readonly model: ClassifierModel;
  temperature: number;
  metadata: StudentMetadata;
  private featurizer: Featurizer | null = null;
  private readonly scratch: Float32Array;

  constructor(options: {
    labels: string[];
    settings: FeatureSettings;
    model: ClassifierModel;
    temperature: number;
    metadata: StudentMetadata;
  }) {
    this.labels = options.labels;
    this.settings = options.settings;
    this.model = options.model;
    this.temperature = options.temperature;
    this.metadata = options.metadata;
    this.scratch = new Float32Array(options.labels.length);
  }

  /**
   * Writes calibrated class probabilities of `text` into `out` (indexed like
   * `labels`) and returns the index of the best class.
   */
  probabilitiesInto(text: string, out: Float32Array): number {
    this.logitsInto(text, out);
    softmaxInPlace(out, this.temperature);
    let best = 0;
    for (let c = 1; c < out.length; c++) if (out[c]! > out[best]!) best = c;
    return best;
  }

  /** Raw scores before calibration, for training-time calibration. */
  logits(text: string): Float32Array {
    const out = new Float32Array(this.labels.length);
    this.logitsInto(text, out);
    return out;
  }

  private logitsInto(text: string, out: Float32Array): void {
    if (readsText(this.model)) {
      this.model.logitsOfText(text, out);
      return;
    }
    this.featurizer ??= new Featurizer(this.settings);
    this.model.logits(this.featurizer.featurize(toSimplified(text)), out);
  }

  /** Classifies one text. */
  predict(text: string): Prediction {
    const best = this.probabilitiesInto(text, this.scratch);
    const scores = this.labels
      .map((label, c) => ({ label, probability: this.scratch[c]! }))
      .sort((a, b) => b.probability - a.probability);
    return {
      label: this.labels[best]!,
      confidence: this.scratch[best]!,
      scores,
    };
  }
}
