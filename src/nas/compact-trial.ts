import { fitTemperature } from '../model/calibrate.ts';
import { CompactModel } from '../model/compact-model.ts';
import { encodeCompact, type CompactEncoding } from '../model/compact-encoding.ts';
import type { EncodedDataset } from '../model/encoded-dataset.ts';
import { pruneCompact } from '../model/prune-softmax.ts';
import { SoftmaxModel } from '../model/softmax-model.ts';
import { Student } from '../model/student.ts';
import {
  SoftmaxTrainer,
  learningRateScale,
  macroF1On,
  type SoftmaxTrainingOptions,
} from '../model/train-softmax.ts';
import type { TrainingExample } from '../model/training-example.ts';
import { macroF1OfLogits, measureStudent, type CandidateMeasures } from './evaluate-candidate.ts';
import { featureSettingsOf, type Candidate } from './search-space.ts';

/** The training and validation rows of a search, with sorted labels. */
export interface SearchSplit {
  labels: string[];
  kept: TrainingExample[];
  heldOut: TrainingExample[];
}

/**
 * One compact-student trial of the architecture search. Training resumes
 * across successive-halving rungs, and the schedule (warm-up, cosine
 * decay) spans `totalEpochs`. The weights of the best validation epoch
 * are kept, and training stops after `patience` epochs without a gain.
 */
export class CompactTrial {
  readonly candidate: Candidate;
  readonly history: number[] = [];
  bestEpoch = 0;
  seconds = 0;
  private readonly encoding: CompactEncoding;
  private readonly trainer: SoftmaxTrainer;
  private readonly options: SoftmaxTrainingOptions;
  private readonly totalEpochs: number;
  private readonly split: SearchSplit;
  private best: SoftmaxModel | null = null;
  private bestF1 = -1;

  constructor(
    candidate: Candidate,
    split: SearchSplit,
    encoding: CompactEncoding,
    options: SoftmaxTrainingOptions,
    totalEpochs: number,
  ) {
    this.candidate = candidate;
    this.split = split;
    this.encoding = encoding;
    this.options = options;
    this.totalEpochs = totalEpochs;
    this.trainer = new SoftmaxTrainer(
      encoding.train,
      2 ** candidate.bucketBits,
      split.labels.length,
      options,
    );
  }

  /** Encodes the split for a candidate's n-grams, slots and fill. */
  static encode(candidate: Candidate, split: SearchSplit): CompactEncoding {
    return encodeCompact(
      split.kept,
      split.heldOut,
      split.labels,
      featureSettingsOf(candidate),
      { slotBits: candidate.bucketBits, fill: candidate.fill },
    );
  }

  /** Tells whether early stopping has ended the trial. */
  get finished(): boolean {
    return (
      this.history.length >= this.totalEpochs ||
      this.history.length - this.bestEpoch >= this.options.patience
    );
  }

  /** Trains until `untilEpoch` epochs in total or early stopping. */
  train(untilEpoch: number): void {
    const started = performance.now();
    const validation = this.encoding.validation as EncodedDataset;
    while (this.history.length < untilEpoch && !this.finished) {
      const epoch = this.history.length;
      const rate =
        this.options.learningRate *
        learningRateScale(epoch, this.options.warmupEpochs, this.totalEpochs);
      this.trainer.epoch(rate);
      const f1 = macroF1On(this.trainer.model, validation);
      this.history.push(f1);
      if (f1 > this.bestF1) {
        const model = this.trainer.model;
        this.best = new SoftmaxModel(model.buckets, model.classCount, model.weights.slice(), model.bias.slice());
        this.bestF1 = f1;
        this.bestEpoch = epoch + 1;
      }
    }
    this.seconds += (performance.now() - started) / 1000;
  }

  /**
   * Prunes a copy of the best weights, builds the int8 (or float) model,
   * calibrates it and measures it on the validation rows: macro-F1, µs
   * per appeal (faster of two passes), operations and file bytes.
   */
  evaluate(): { measures: CandidateMeasures; file: Buffer } {
    const { candidate, split } = this;
    const best = this.best ?? this.trainer.model;
    const weights = new SoftmaxModel(best.buckets, best.classCount, best.weights.slice(), best.bias.slice());
    const selection = pruneCompact(weights, this.encoding.selection, candidate.pruneRatio);
    const model = CompactModel.fromSoftmax(
      weights,
      selection,
      { min: 1, max: candidate.ngramMax },
      candidate.bits,
    );
    const texts = split.heldOut.map((row) => row.text);
    const classes = split.labels.length;
    const logits = texts.map(() => new Float32Array(classes));
    const student = new Student({
      labels: split.labels,
      settings: featureSettingsOf(candidate),
      model,
      temperature: 1,
      metadata: { version: 'nas-candidate', createdAt: new Date(0).toISOString(), training: { candidate }, metrics: {} },
    });
    texts.forEach((text, i) => logits[i]!.set(student.logits(text)));
    const targets = split.heldOut.map((row) => split.labels.indexOf(row.label));
    student.temperature = fitTemperature(logits, targets);
    return measureStudent(student, texts, macroF1OfLogits(logits, targets, classes), (text) =>
      model.operationsForText(text),
    );
  }
}
