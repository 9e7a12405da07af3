/**
 * Domain adaptation and a new category scheme for the MoE student.
 *
 * Domain: a base MoE (1-3 grams, 2^17, d16, 4 experts h16, top-1, 8
 * epochs) trains on the training-file rows that do not mention A7县. The
 * rows that do are split three times (three seeds) into adaptation rows
 * (4/9), validation rows (2/9) and test rows (1/3). Every method adapts the
 * same base. The pick uses validation rows only: the new-domain validation
 * rows and the old domain's 10 % validation split. The test rows and the
 * held-out file are scored afterwards and play no part in the pick.
 *
 * Category scheme: every category is split into consultations and other
 * appeals by the appeal-type extractor (14 labels). A new head on the
 * frozen base is compared with the best mapping of the base predictions
 * and with a fresh MoE trained on the new labels.
 *
 * Run: nice -n 10 npx tsx bench/moe-adapt.ts
 */
import { createHash } from 'node:crypto';
import { adaptMoe, sampleRows } from '../src/model/adapt-domain.ts';
import {
  bestMapping,
  childLogShares,
  consultationScheme,
  relabel,
} from '../src/model/category-scheme.ts';
import type { EncodedDataset } from '../src/model/encoded-dataset.ts';
import { computeMetrics } from '../src/model/metrics.ts';
import {
  MoeAdapter,
  defaultAdapterTrainingOptions,
  trainAdapter,
  type AdapterShape,
  type AdapterTrainingOptions,
} from '../src/model/moe-adapter.ts';
import type { MoeArchitecture, MoeModel } from '../src/model/moe-model.ts';
import { createRandom } from '../src/model/random.ts';
import { readTrainingData } from '../src/model/read-training-data.ts';
import { encodeExamples, splitAndEncode } from '../src/model/split-and-encode.ts';
import { splitExamples } from '../src/model/split.ts';
import { MoeTrainer, defaultMoeTrainingOptions } from '../src/model/train-moe.ts';
import type { TrainingExample } from '../src/model/training-example.ts';
import type { FeatureSettings } from '../src/text/features.ts';

interface Scorer {
  logitsOfRange(ids: Int32Array, weights: Float32Array, start: number, end: number, out: Float32Array): void;
}

interface Score {
  macroF1: number;
  accuracy: number;
}

const seed = defaultMoeTrainingOptions.seed;
const settings: FeatureSettings = { buckets: 2 ** 17, charNgramMin: 1, charNgramMax: 3, sublinearTf: true };
const baseEpochs = 8;
const partitions = 3;
const mentionsDistrict = (example: TrainingExample) => example.text.includes('A7县');

function predictions(model: Scorer, data: EncodedDataset, classes: number): number[] {
  const out = new Float32Array(classes);
  const predicted: number[] = [];
  for (let row = 0; row < data.size; row++) {
    model.logitsOfRange(data.ids, data.weights, data.offsets[row]!, data.offsets[row + 1]!, out);
    let best = 0;
    for (let c = 1; c < classes; c++) if (out[c]! > out[best]!) best = c;
    predicted.push(best);
  }
  return predicted;
}

function scoreOf(predicted: readonly number[], data: EncodedDataset, classes: number): Score {
  const names = Array.from({ length: classes }, (_, c) => String(c));
  const metrics = computeMetrics(
    Array.from(data.targets, String),
    predicted.map(String),
    names,
  );
  return { macroF1: metrics.macroF1, accuracy: metrics.accuracy };
}

function score(model: Scorer, data: EncodedDataset, classes: number): Score {
  return scoreOf(predictions(model, data, classes), data, classes);
}

function fingerprint(model: MoeModel): string {
  const hash = createHash('sha256');
  for (const [, values] of model.parameterGroups()) hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return hash.digest('hex').slice(0, 16);
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const f3 = (value: number) => value.toFixed(3);
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;

const { examples } = await readTrainingData(['data/teddy/train.jsonl.gz']);
const holdout = (await readTrainingData(['data/teddy/holdout.jsonl.gz'])).examples.filter(
  (example) => !example.segmentedOnly,
);
const old = examples.filter((example) => !mentionsDistrict(example));
const fresh = examples.filter(mentionsDistrict);
const oldSplit = splitAndEncode(old, settings, 0.1, seed);
const labels = oldSplit.labels;
const classes = labels.length;
const holdoutOld = encodeExamples(holdout.filter((e) => !mentionsDistrict(e)), labels, settings);
const holdoutNew = encodeExamples(holdout.filter(mentionsDistrict), labels, settings);

const architecture: MoeArchitecture = {
  buckets: settings.buckets,
  dimension: 16,
  experts: 4,
  hidden: 16,
  topK: 1,
  classCount: classes,
  skip: true,
};
let started = performance.now();
const baseTrainer = new MoeTrainer(architecture, {
  ...defaultMoeTrainingOptions,
  maxEpochs: baseEpochs,
  fixedEpochs: baseEpochs,
  seed,
});
baseTrainer.train(oldSplit.train, null, baseEpochs);
const base = baseTrainer.model;
const baseSeconds = (performance.now() - started) / 1000;
const baseFingerprint = fingerprint(base);

// Domain adaptation.

interface Partition {
  train: EncodedDataset;
  validation: EncodedDataset;
  test: EncodedDataset;
  rehearsal: EncodedDataset;
}

const partitionsOf: Partition[] = [];
for (let p = 0; p < partitions; p++) {
  const random = createRandom(seed + 1 + p);
  const first = splitExamples(fresh, 1 / 3, random);
  const second = splitExamples(first.kept, 1 / 3, random);
  const train = encodeExamples(second.kept, labels, settings);
  partitionsOf.push({
    train,
    validation: encodeExamples(second.heldOut, labels, settings),
    test: encodeExamples(first.heldOut, labels, settings),
    rehearsal: sampleRows(oldSplit.train, 4 * train.size, createRandom(seed + 11 + p)),
  });
}

interface Method {
  name: string;
  adapt(partition: Partition, p: number): { model: Scorer; parameters: number };
}

const expertOptions = { ...defaultMoeTrainingOptions, maxEpochs: 4, fixedEpochs: 4, seed };
// Two step sizes: 20 epochs at 0.03, and a gentle 5 epochs at 0.003.
const strong = { ...defaultAdapterTrainingOptions, epochs: 20, learningRate: 0.03, seed };
const gentle = { ...defaultAdapterTrainingOptions, epochs: 5, learningRate: 0.003, seed };
const distilWeight = 4;

function adapterMethod(
  name: string,
  shape: Omit<AdapterShape, 'headClasses'>,
  options: AdapterTrainingOptions,
  distil: boolean,
): Method {
  return {
    name,
    adapt(partition, p) {
      const adapter = new MoeAdapter(base, { ...shape, headClasses: null }, createRandom(seed + 21 + p));
      trainAdapter(adapter, partition.train, {
        ...options,
        rehearsal: distil ? partition.rehearsal : null,
        rehearsalWeight: distilWeight,
      });
      return { model: adapter, parameters: adapter.trainableParameters() };
    },
  };
}

const lowRank = { rank: 4, slotHidden: 0, sideRank: 0 };
const slot = { rank: 0, slotHidden: 16, sideRank: 0 };
const side = { rank: 0, slotHidden: 0, sideRank: 4 };
const methods: Method[] = [
  {
    name: 'gate + 1 new expert (previous method)',
    adapt(partition, p) {
      const { model, report } = adaptMoe(base, partition.train, partition.validation, oldSplit.validation, 1, expertOptions, createRandom(seed + 31 + p));
      return { model, parameters: report.trainedParameters };
    },
  },
  {
    name: 'gate + 1 new expert, old rows rehearsed',
    adapt(partition, p) {
      const { model, report } = adaptMoe(base, partition.train, partition.validation, oldSplit.validation, 1, expertOptions, createRandom(seed + 31 + p), partition.rehearsal);
      return { model, parameters: report.trainedParameters };
    },
  },
  adapterMethod('low-rank r4 + bias', lowRank, strong, false),
  adapterMethod('low-rank r4 + bias, distilled', lowRank, strong, true),
  adapterMethod('expert slot h16, distilled', slot, strong, true),
  adapterMethod('side embedding q4, distilled', side, strong, true),
  adapterMethod('low-rank r4 + bias, distilled, gentle', lowRank, gentle, true),
  adapterMethod('expert slot h16, distilled, gentle', slot, gentle, true),
];

interface MethodResult {
  name: string;
  parameters: number;
  seconds: number;
  newValidation: Score[];
  oldValidation: Score;
  newTest: Score[];
  holdoutOld: Score;
  holdoutNew: Score;
}

function averaged(scores: readonly Score[]): Score {
  return { macroF1: mean(scores.map((s) => s.macroF1)), accuracy: mean(scores.map((s) => s.accuracy)) };
}

const baseline = {
  newValidation: averaged(partitionsOf.map((part) => score(base, part.validation, classes))),
  oldValidation: score(base, oldSplit.validation, classes),
  newTest: averaged(partitionsOf.map((part) => score(base, part.test, classes))),
  holdoutOld: score(base, holdoutOld, classes),
  holdoutNew: score(base, holdoutNew, classes),
};

const results: MethodResult[] = [];
for (const method of methods) {
  const newValidation: Score[] = [];
  const newTest: Score[] = [];
  const oldValidation: Score[] = [];
  const holdoutOldScores: Score[] = [];
  const holdoutNewScores: Score[] = [];
  let seconds = 0;
  let parameters = 0;
  partitionsOf.forEach((partition, p) => {
    const begun = performance.now();
    const adapted = method.adapt(partition, p);
    seconds += (performance.now() - begun) / 1000;
    parameters = adapted.parameters;
    newValidation.push(score(adapted.model, partition.validation, classes));
    oldValidation.push(score(adapted.model, oldSplit.validation, classes));
    newTest.push(score(adapted.model, partition.test, classes));
    holdoutOldScores.push(score(adapted.model, holdoutOld, classes));
    holdoutNewScores.push(score(adapted.model, holdoutNew, classes));
  });
  results.push({
    name: method.name,
    parameters,
    seconds: seconds / partitions,
    newValidation,
    oldValidation: averaged(oldValidation),
    newTest,
    holdoutOld: averaged(holdoutOldScores),
    holdoutNew: averaged(holdoutNewScores),
  });
}

// The pick has the largest sum of new-domain and old-domain validation
// macro-F1, so a gain on the district and a loss elsewhere weigh the same.
const selection = (result: MethodResult) =>
  averaged(result.newValidation).macroF1 + result.oldValidation.macroF1;
const picked = results.reduce((best, result) => (selection(result) > selection(best) ? result : best));

const sizes = partitionsOf[0]!;
const lines: string[] = [
  `Base: ${old.length} rows without A7县 (${oldSplit.train.size} train, ${oldSplit.validation.size} raw-text validation), ` +
    `${baseEpochs} epochs, ${baseSeconds.toFixed(0)} s. A7县: ${fresh.length} rows; per partition ` +
    `${sizes.train.size} adaptation, ${sizes.validation.size} validation, ${sizes.test.size} test rows ` +
    `(${partitions} partitions, figures are means). Rehearsal and distillation: ${sizes.rehearsal.size} old training rows ` +
    `per partition, distillation weight ${distilWeight}. Adapters: ${strong.epochs} epochs at step ${strong.learningRate}, ` +
    `gentle ${gentle.epochs} epochs at ${gentle.learningRate}.`,
  '',
  'Selection on validation rows (macro-F1; the base model scores ' +
    `${f3(baseline.newValidation.macroF1)} on A7县 validation and ${f3(baseline.oldValidation.macroF1)} on old validation):`,
  '',
  '| method | trained parameters | seconds | A7县 validation | Δ | old validation | Δ |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
for (const result of results) {
  const newValidation = averaged(result.newValidation).macroF1;
  lines.push(
    `| ${result.name}${result === picked ? ' (picked)' : ''} | ${result.parameters.toLocaleString('en')} | ${result.seconds.toFixed(1)} | ` +
      `${f3(newValidation)} | ${signed(newValidation - baseline.newValidation.macroF1)} | ` +
      `${f3(result.oldValidation.macroF1)} | ${signed(result.oldValidation.macroF1 - baseline.oldValidation.macroF1)} |`,
  );
}
lines.push(
  '',
  `Test rows, scored once (macro-F1 / accuracy; held-out file: ${holdoutOld.size} rows without A7县, ${holdoutNew.size} with it):`,
  '',
  '| method | A7县 test before | A7县 test after | old held-out before | old held-out after | A7县 held-out before | A7县 held-out after |',
  '| --- | --- | --- | --- | --- | --- | --- |',
);
const pair = (s: Score) => `${f3(s.macroF1)} / ${f3(s.accuracy)}`;
for (const result of results) {
  lines.push(
    `| ${result.name}${result === picked ? ' (picked)' : ''} | ${pair(baseline.newTest)} | ${pair(averaged(result.newTest))} | ` +
      `${pair(baseline.holdoutOld)} | ${pair(result.holdoutOld)} | ${pair(baseline.holdoutNew)} | ${pair(result.holdoutNew)} |`,
  );
}
lines.push(
  '',
  `Per-partition A7县 test macro-F1 of the pick: ${picked.newTest.map((s) => f3(s.macroF1)).join(', ')} ` +
    `(base: ${partitionsOf.map((part) => f3(score(base, part.test, classes).macroF1)).join(', ')}).`,
);

// New category scheme.

const scheme = consultationScheme(labels);
const newClasses = scheme.labels.length;
const schemeTrain = encodeExamples(relabel(oldSplit.kept, scheme), scheme.labels, settings);
const schemeValidation = encodeExamples(relabel(oldSplit.heldOut, scheme), scheme.labels, settings);
const schemeHoldout = encodeExamples(relabel(holdout.filter((e) => !mentionsDistrict(e)), scheme), scheme.labels, settings);
const mapping = bestMapping(predictions(base, oldSplit.train, classes), schemeTrain.targets, classes, scheme);
const mapped = (data: EncodedDataset) => scoreOf(predictions(base, data, classes).map((c) => mapping[c]!), data, newClasses);
const consultations = Array.from(schemeTrain.targets).filter((t) => scheme.labels[t]!.endsWith('咨询')).length;

interface SchemeResult {
  name: string;
  parameters: number;
  seconds: number;
  validation: Score;
  holdout: Score;
}
const schemeResults: SchemeResult[] = [
  {
    name: 'best mapping of the base predictions (before)',
    parameters: 0,
    seconds: 0,
    validation: mapped(schemeValidation),
    holdout: mapped(schemeHoldout),
  },
];
const schemeShapes: Array<[string, AdapterShape]> = [
  ['new head on the frozen base', { rank: 0, slotHidden: 0, sideRank: 0, headClasses: newClasses }],
  ['new head + low-rank r4 + slot h16', { rank: 4, slotHidden: 16, sideRank: 0, headClasses: newClasses }],
  ['new head + side embedding q4', { rank: 0, slotHidden: 0, sideRank: 4, headClasses: newClasses }],
];
for (const [name, shape] of schemeShapes) {
  started = performance.now();
  const adapter = new MoeAdapter(base, shape, createRandom(seed + 41));
  adapter.initialiseHeadFrom(scheme.parentOf, childLogShares(schemeTrain.targets, scheme));
  trainAdapter(adapter, schemeTrain, { ...defaultAdapterTrainingOptions, seed, epochs: 4, learningRate: 0.05 });
  schemeResults.push({
    name,
    parameters: adapter.trainableParameters(),
    seconds: (performance.now() - started) / 1000,
    validation: score(adapter, schemeValidation, newClasses),
    holdout: score(adapter, schemeHoldout, newClasses),
  });
}
started = performance.now();
const retrained = new MoeTrainer(
  { ...architecture, classCount: newClasses },
  { ...defaultMoeTrainingOptions, maxEpochs: baseEpochs, fixedEpochs: baseEpochs, seed },
);
retrained.train(schemeTrain, null, baseEpochs);
schemeResults.push({
  name: `fresh MoE on the new labels, all trainable (${baseEpochs} epochs)`,
  parameters: retrained.model.parameterGroups().reduce((sum, [, values]) => sum + values.length, 0),
  seconds: (performance.now() - started) / 1000,
  validation: score(retrained.model, schemeValidation, newClasses),
  holdout: score(retrained.model, schemeHoldout, newClasses),
});

lines.push(
  '',
  `New category scheme: ${newClasses} labels (each category split into consultation / other by the appeal-type ` +
    `extractor; ${consultations} of ${schemeTrain.size} training rows are consultations). Macro-F1 / accuracy on the ` +
    `new labels (${schemeValidation.size} validation rows, ${schemeHoldout.size} held-out rows without A7县):`,
  '',
  '| model | trained parameters | seconds | validation | held-out |',
  '| --- | --- | --- | --- | --- |',
);
for (const result of schemeResults) {
  lines.push(
    `| ${result.name} | ${result.parameters.toLocaleString('en')} | ${result.seconds.toFixed(1)} | ${pair(result.validation)} | ${pair(result.holdout)} |`,
  );
}
const oldAfter = { validation: score(base, oldSplit.validation, classes), holdout: score(base, holdoutOld, classes) };
lines.push(
  '',
  `Old scheme (7 labels) with the base head, measured after all adaptation: validation ${pair(oldAfter.validation)} ` +
    `(before ${pair(baseline.oldValidation)}), held-out ${pair(oldAfter.holdout)} (before ${pair(baseline.holdoutOld)}). ` +
    `Base parameters ${fingerprint(base) === baseFingerprint ? 'bit-identical' : 'CHANGED'} after every adapter ` +
    `(sha-256 prefix ${baseFingerprint}).`,
);
console.log(lines.join('\n'));
