/**
 * Student model comparison on the held-out raw-text appeals: the first
 * (hashed softmax) student, the MoE student, the architecture-searched
 * student in float and int8, the shipped default (compact) student, and
 * fastText 0.9.2 (Debian package) as the peer. Every model trains on the
 * same training file. Validation (early stopping, calibration, n-gram
 * selection, fastText autotune) uses the same split of its raw-text rows,
 * and the held-out file is only scored here.
 *
 * Run: npx tsx bench/student.ts [--searched nas-out/pareto.json]
 *        [--autotune-seconds 300] [--fasttext-limit-seconds 900]
 */
import { readFileSync } from 'node:fs';
import { runFastTextPeer, type FastTextPeerRow } from './fasttext-peer.ts';
import { Featurizer } from '../src/text/features.ts';
import { toSimplified } from '../src/text/simplified.ts';
import { computeMetrics } from '../src/model/metrics.ts';
import { encodeStudent } from '../src/model/model-file.ts';
import { pruneMoe } from '../src/model/prune.ts';
import { QuantizedMoeModel } from '../src/model/quantized-moe-model.ts';
import { readTrainingData } from '../src/model/read-training-data.ts';
import { Student } from '../src/model/student.ts';
import { defaultSoftmaxTrainingOptions } from '../src/model/train-softmax.ts';
import { defaultTrainingSetup, hashedSoftmaxSetup } from '../src/model/default-training.ts';
import { readsText } from '../src/model/classifier-model.ts';
import { NgramHasher } from '../src/text/ngram-hashes.ts';
import { trainStudent } from '../src/model/train-student.ts';
import { defaultMoeTrainingOptions } from '../src/model/train-moe.ts';
import { trainMoeStudent } from '../src/model/train-moe-student.ts';
import { splitTrainingExamples } from '../src/model/split-and-encode.ts';
import type { MoeModel } from '../src/model/moe-model.ts';
import type { TrainingExample } from '../src/model/training-example.ts';
import { candidateKey, featureSettingsOf, type Candidate } from '../src/nas/search-space.ts';

interface Row extends FastTextPeerRow {
  /** The model, kept so that all models are timed together at the end. */
  student?: Student;
}

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const validationFraction = 0.1;
const fastTextLimitSeconds = Number(flag('--fasttext-limit-seconds') ?? 900);
const seed = defaultSoftmaxTrainingOptions.seed;

/** Macro-F1, µs (best of 3 passes), operations and file bytes on `rows`. */
function measure(
  name: string,
  student: Student,
  rows: readonly TrainingExample[],
  trainSeconds: number,
): Row {
  const probabilities = new Float32Array(student.labels.length);
  const predicted = rows.map(
    (row) => student.labels[student.probabilitiesInto(row.text, probabilities)]!,
  );
  const metrics = computeMetrics(rows.map((row) => row.label), predicted, student.labels);
  const featurizer = new Featurizer(student.settings);
  const model = student.model as { operationsFor?: (f: ReturnType<Featurizer['featurize']>) => number };
  let operations = 0;
  for (const row of rows) {
    const text = toSimplified(row.text);
    if (readsText(student.model)) {
      operations += student.model.operationsForText(text);
      continue;
    }
    // The featurizer probes its count table once per n-gram, as the
    // compact model probes its tag array, so both counts include it.
    const features = featurizer.featurize(text);
    const probes = ngramCount(text, student.settings.charNgramMin, student.settings.charNgramMax);
    operations += probes + (model.operationsFor
      ? model.operationsFor(features)
      : student.model.operations(features.count));
  }
  return {
    name,
    macroF1: metrics.macroF1,
    microseconds: Number.NaN,
    operations: operations / rows.length,
    bytes: encodeStudent(student).length,
    trainSeconds,
    student,
  };
}

/**
 * Times every model over `texts` in turns, ten rounds, and keeps each
 * model's fastest pass, so that all of them see the same machine load.
 */
function timeTogether(rows: Row[], texts: readonly string[]): void {
  const fastest = rows.map(() => Infinity);
  for (let round = 0; round < 10; round++) {
    rows.forEach((row, i) => {
      const student = row.student;
      if (!student) return;
      const probabilities = new Float32Array(student.labels.length);
      const started = performance.now();
      for (const text of texts) student.probabilitiesInto(text, probabilities);
      fastest[i] = Math.min(fastest[i]!, performance.now() - started);
    });
  }
  rows.forEach((row, i) => {
    if (row.student) row.microseconds = (fastest[i]! * 1000) / texts.length;
  });
}

function withModel(student: Student, model: Student['model']): Student {
  return new Student({
    labels: student.labels,
    settings: student.settings,
    model,
    temperature: student.temperature,
    metadata: student.metadata,
  });
}

const ngramHasher = new Map<string, NgramHasher>();

/** Counts the character n-grams of a text. */
function ngramCount(text: string, min: number, max: number): number {
  const key = `${min}-${max}`;
  let hasher = ngramHasher.get(key);
  if (!hasher) {
    hasher = new NgramHasher(min, max);
    ngramHasher.set(key, hasher);
  }
  return hasher.hash(text);
}

/** Reads the searched candidate from a search result, or a built-in fallback. */
function searchedCandidate(): { candidate: Candidate; source: string } {
  const file = flag('--searched');
  if (file !== undefined) {
    const result = JSON.parse(readFileSync(file, 'utf8')) as { chosen: { candidate: Partial<Candidate> } };
    // Results written before the compact family existed have MoE candidates.
    const chosen: Partial<Candidate> = result.chosen.candidate;
    return { candidate: { family: 'moe', fill: 0, ...chosen } as Candidate, source: file };
  }
  return {
    candidate: {
      family: 'compact',
      ngramMax: 3,
      bucketBits: 15,
      fill: 0.9,
      dimension: 0,
      experts: 0,
      hidden: 0,
      topK: 0,
      bits: 8,
      pruneRatio: 0,
    },
    source: 'built-in',
  };
}

/** Trains the searched candidate in float and int8 and measures both. */
function searchedRows(
  train: readonly TrainingExample[],
  holdout: readonly TrainingExample[],
  candidate: Candidate,
): Row[] {
  const settings = featureSettingsOf(candidate);
  const key = candidateKey(candidate).replace(/ int\d+/, '');
  if (candidate.family === 'compact') {
    return ([32, 8] as const).map((bits) => {
      const started = performance.now();
      const { student } = trainStudent(train, {
        ...defaultTrainingSetup(),
        settings,
        selection: { slotBits: candidate.bucketBits, fill: candidate.fill },
        pruneRatio: candidate.pruneRatio,
        compactBits: bits,
        validationFraction,
      });
      const seconds = (performance.now() - started) / 1000;
      return measure(`searched ${bits === 8 ? 'int8' : 'float'} (${key})`, student, holdout, seconds);
    });
  }
  const started = performance.now();
  const searched = trainMoeStudent(train, {
    settings,
    shape: { dimension: candidate.dimension, experts: candidate.experts, hidden: candidate.hidden, topK: candidate.topK, skip: true },
    training: { ...defaultMoeTrainingOptions, maxEpochs: 12 },
    validationFraction,
    refit: true,
  });
  const searchedModel = searched.student.model as MoeModel;
  if (candidate.pruneRatio > 0) {
    pruneMoe(searchedModel, { rowRatio: candidate.pruneRatio, weightRatio: 0, scope: 'per-layer' });
  }
  const seconds = (performance.now() - started) / 1000;
  return [
    measure(`searched float (${key})`, searched.student, holdout, seconds),
    measure(`searched int8 (${key})`, withModel(searched.student, QuantizedMoeModel.fromModel(searchedModel)), holdout, seconds),
  ];
}

async function main(): Promise<void> {
  const train = (await readTrainingData(['data/teddy/train.jsonl.gz'])).examples;
  const holdout = (await readTrainingData(['data/teddy/holdout.jsonl.gz'])).examples.filter(
    (row) => !row.segmentedOnly,
  );
  const rows: Row[] = [];
  const log = (row: Row) => {
    rows.push(row);
    process.stderr.write(`${row.name}: macro-F1 ${row.macroF1.toFixed(4)}\n`);
  };

  let started = performance.now();
  const dense = trainStudent(train, { ...hashedSoftmaxSetup(), validationFraction });
  log(measure('first student: hashed softmax (1-4 grams, 2^20, 3 seeds)', dense.student, holdout, (performance.now() - started) / 1000));

  started = performance.now();
  const moe = trainMoeStudent(train, {
    settings: { buckets: 2 ** 18, charNgramMin: 1, charNgramMax: 3, sublinearTf: true },
    shape: { dimension: 32, experts: 4, hidden: 32, topK: 1, skip: true },
    training: { ...defaultMoeTrainingOptions, maxEpochs: 12 },
    validationFraction,
    refit: true,
  });
  log(measure('MoE (1-3 grams, 2^18, d32, 4 experts, top-1)', moe.student, holdout, (performance.now() - started) / 1000));

  const { candidate, source } = searchedCandidate();
  for (const row of searchedRows(train, holdout, candidate)) log(row);

  started = performance.now();
  const shipped = trainStudent(train, { ...defaultTrainingSetup(), validationFraction });
  const setup = defaultTrainingSetup();
  log(measure(
    `shipped default: compact (1-${setup.settings.charNgramMax} grams, 2^${setup.selection!.slotBits} slots, fill ${setup.selection!.fill})`,
    shipped.student,
    holdout,
    (performance.now() - started) / 1000,
  ));

  const split = splitTrainingExamples(train, validationFraction, seed);
  const autotune = flag('--autotune-seconds');
  log(await runFastTextPeer({
    kept: split.kept,
    heldOut: split.heldOut,
    test: holdout,
    labels: split.labels,
    ...(autotune === undefined ? {} : { autotuneSeconds: Number(autotune) }),
    limitSeconds: fastTextLimitSeconds,
  }));
  timeTogether(rows, holdout.map((row) => row.text));


  const peer = rows[rows.length - 1]!;
  const ratio = (value: number, base: number) =>
    Number.isFinite(value / base) ? `${(value / base).toFixed(2)}×` : 'n/a';
  const lines = [
    `Held-out raw-text appeals: ${holdout.length}; searched candidate from ${source}.`,
    '',
    '| model | macro-F1 | µs / appeal | ops / appeal | model bytes | train s | F1 Δ vs fastText | µs vs fastText | ops vs fastText | bytes vs fastText | train s vs fastText |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) =>
      [
        '',
        row.name,
        row.macroF1.toFixed(4),
        row.microseconds.toFixed(1),
        Math.round(row.operations).toLocaleString('en'),
        Math.round(row.bytes).toLocaleString('en'),
        row.trainSeconds.toFixed(1),
        row === peer ? '' : `${((row.macroF1 - peer.macroF1) * 100).toFixed(1)} pt`,
        row === peer ? '' : ratio(row.microseconds, peer.microseconds),
        row === peer ? '' : ratio(row.operations, peer.operations),
        row === peer ? '' : ratio(row.bytes, peer.bytes),
        row === peer ? '' : ratio(row.trainSeconds, peer.trainSeconds),
        '',
      ].join(' | ').trim(),
    ),
    '',
    ...rows.filter((row) => row.note).map((row) => `${row.name}: ${row.note}.`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
