import { Featurizer, type FeatureSettings } from '../text/features.ts';
import { toSimplified } from '../text/simplified.ts';
import { encodeStudent } from '../model/model-file.ts';
import { MoeModel } from '../model/moe-model.ts';
import { pruneMoe } from '../model/prune.ts';
import { QuantizedMoeModel } from '../model/quantized-moe-model.ts';
import { Student } from '../model/student.ts';
import { fitTemperature } from '../model/calibrate.ts';
import { logitsOfDataset, type EncodedSplit } from '../model/train-moe-student.ts';
import type { Candidate } from './search-space.ts';

/** Measured quality and cost of one trained candidate. */
export interface CandidateMeasures {
  /** Macro-F1 on the validation split of the training file. */
  macroF1: number;
  /** Mean wall time to featurize and score one validation appeal. */
  microseconds: number;
  /** Mean multiply-adds per validation appeal (pruned rows excluded). */
  operations: number;
  /** Size of the model file. */
  bytes: number;
}

/** Computes macro-F1 of arg-max predictions over classes that occur. */
export function macroF1OfLogits(
  logits: readonly Float32Array[],
  targets: readonly number[],
  classes: number,
): number {
  const truePositive = new Float64Array(classes);
  const predicted = new Float64Array(classes);
  const actual = new Float64Array(classes);
  logits.forEach((row, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (row[c]! > row[best]!) best = c;
    predicted[best]! += 1;
    actual[targets[i]!]! += 1;
    if (best === targets[i]) truePositive[best]! += 1;
  });
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (actual[c] === 0 && predicted[c] === 0) continue;
    present++;
    sum += (2 * truePositive[c]!) / (predicted[c]! + actual[c]!);
  }
  return present === 0 ? 0 : sum / present;
}

/** Copies a float model's parameters into a new model. */
export function cloneMoe(model: MoeModel): MoeModel {
  const copy = new MoeModel(model.architecture);
  const source = model.parameterGroups();
  copy.parameterGroups().forEach(([, values], i) => values.set(source[i]![1]));
  copy.refreshLiveRows();
  return copy;
}

/**
 * Applies the candidate's compression (pruning, then int8 when bits = 8)
 * to a copy of a trained model, calibrates it, and measures it on the
 * validation split. The timing loop runs twice and keeps the faster pass.
 */
export function evaluateCandidate(
  trained: MoeModel,
  candidate: Candidate,
  split: EncodedSplit,
  settings: FeatureSettings,
): { student: Student; measures: CandidateMeasures; file: Buffer } {
  const pruned = cloneMoe(trained);
  if (candidate.pruneRatio > 0) {
    pruneMoe(pruned, { rowRatio: candidate.pruneRatio, weightRatio: 0, scope: 'per-layer' });
  }
  const model = candidate.bits === 8 ? QuantizedMoeModel.fromModel(pruned) : pruned;
  const logits = logitsOfDataset(pruned, split.validation);
  if (model instanceof QuantizedMoeModel) {
    logits.forEach((row, i) => {
      const data = split.validation;
      model.logitsOfRange(data.ids, data.weights, data.offsets[i]!, data.offsets[i + 1]!, row);
    });
  }
  const targets = Array.from(split.validation.targets);
  const temperature = fitTemperature(logits, targets);
  const classes = split.labels.length;
  const student = new Student({
    labels: split.labels,
    settings,
    model,
    temperature,
    metadata: {
      version: 'nas-candidate',
      createdAt: new Date(0).toISOString(),
      training: { candidate },
      metrics: {},
    },
  });
  const featurizer = new Featurizer(settings);
  const { file, measures } = measureStudent(
    student,
    split.heldOut.map((example) => example.text),
    macroF1OfLogits(logits, targets, classes),
    (text) => model.operationsFor(featurizer.featurize(toSimplified(text))),
  );
  return { student, file, measures };
}

/**
 * Measures a calibrated candidate on the validation texts: µs per appeal
 * (the faster of two passes), mean operations and the model file's bytes.
 */
export function measureStudent(
  student: Student,
  texts: readonly string[],
  macroF1: number,
  operationsOf: (text: string) => number,
): { measures: CandidateMeasures; file: Buffer } {
  let operations = 0;
  for (const text of texts) operations += operationsOf(text);
  const probabilities = new Float32Array(student.labels.length);
  let fastest = Infinity;
  for (let pass = 0; pass < 2; pass++) {
    const started = performance.now();
    for (const text of texts) student.probabilitiesInto(text, probabilities);
    fastest = Math.min(fastest, performance.now() - started);
  }
  const file = encodeStudent(student);
  return {
    file,
    measures: {
      macroF1,
      microseconds: (fastest * 1000) / Math.max(1, texts.length),
      operations: operations / Math.max(1, texts.length),
      bytes: file.length,
    },
  };
}
