/**
 * Student model comparison on the held-out raw-text appeals: the dense
 * softmax student, the MoE student, the architecture-searched student in
 * float and int8, and fastText 0.9.2 (Debian package) as the peer. Every
 * model trains on the same training file. Validation (early stopping,
 * calibration, fastText autotune) uses the same split of its raw-text
 * rows, and the held-out file is only scored here.
 *
 * Run: npx tsx bench/student.ts [--searched nas-out/pareto.json]
 *        [--autotune-seconds 90] [--fasttext-limit-seconds 900]
 */
import { readFileSync } from 'node:fs';
import { runFastTextPeer } from './fasttext-peer.ts';
import { Featurizer, type FeatureSettings } from '../src/text/features.ts';
import { toSimplified } from '../src/text/simplified.ts';
import { computeMetrics } from '../src/model/metrics.ts';
import { encodeStudent } from '../src/model/model-file.ts';
import { pruneMoe } from '../src/model/prune.ts';
import { QuantizedMoeModel } from '../src/model/quantized-moe-model.ts';
import { readTrainingData } from '../src/model/read-training-data.ts';
import { Student } from '../src/model/student.ts';
import { defaultSoftmaxTrainingOptions } from '../src/model/train-softmax.ts';
import { trainStudent } from '../src/model/train-student.ts';
import { defaultMoeTrainingOptions } from '../src/model/train-moe.ts';
import { splitAndEncode, trainMoeStudent } from '../src/model/train-moe-student.ts';
import type { MoeModel } from '../src/model/moe-model.ts';
import type { TrainingExample } from '../src/model/training-example.ts';
import type { Candidate } from '../src/nas/search-space.ts';

interface Row {
  name: string;
  macroF1: number;
  microseconds: number;
  operations: number;
  bytes: number;
  trainSeconds: number;
  note?: string;
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
  let fastest = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    for (const row of rows) student.probabilitiesInto(row.text, probabilities);
    fastest = Math.min(fastest, performance.now() - started);
  }
  const featurizer = new Featurizer(student.settings);
  const model = student.model as { operationsFor?: (f: ReturnType<Featurizer['featurize']>) => number };
  let operations = 0;
  for (const row of rows) {
    const features = featurizer.featurize(toSimplified(row.text));
    operations += model.operationsFor
      ? model.operationsFor(features)
      : student.model.operations(features.count);
  }
  return {
    name,
    macroF1: metrics.macroF1,
    microseconds: (fastest * 1000) / rows.length,
    operations: operations / rows.length,
    bytes: encodeStudent(student).length,
    trainSeconds,
  };
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

/** The searched candidate from a search result, or a built-in fallback. */
function searchedCandidate(): { candidate: Candidate; source: string } {
  const file = flag('--searched');
  if (file !== undefined) {
    const result = JSON.parse(readFileSync(file, 'utf8')) as { chosen: { candidate: Candidate } };
    return { candidate: result.chosen.candidate, source: file };
  }
  return {
    candidate: {
      ngramMax: 2,
      bucketBits: 17,
      dimension: 16,
      experts: 4,
      hidden: 16,
      topK: 1,
      bits: 8,
      pruneRatio: 0.5,
    },
    source: 'built-in',
  };
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

  const denseSettings: FeatureSettings = { buckets: 2 ** 20, charNgramMin: 1, charNgramMax: 4, sublinearTf: true };
  let started = performance.now();
  const dense = trainStudent(train, {
    settings: denseSettings,
    training: defaultSoftmaxTrainingOptions,
    validationFraction,
    refit: true,
  });
  log(measure('dense softmax (1-4 grams, 2^20)', dense.student, holdout, (performance.now() - started) / 1000));

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
  started = performance.now();
  const searched = trainMoeStudent(train, {
    settings: { buckets: 2 ** candidate.bucketBits, charNgramMin: 1, charNgramMax: candidate.ngramMax, sublinearTf: true },
    shape: { dimension: candidate.dimension, experts: candidate.experts, hidden: candidate.hidden, topK: candidate.topK, skip: true },
    training: { ...defaultMoeTrainingOptions, maxEpochs: 12 },
    validationFraction,
    refit: true,
  });
  const searchedModel = searched.student.model as MoeModel;
  if (candidate.pruneRatio > 0) {
    pruneMoe(searchedModel, { rowRatio: candidate.pruneRatio, weightRatio: 0, scope: 'per-layer' });
  }
  const searchedSeconds = (performance.now() - started) / 1000;
  const key = `1-${candidate.ngramMax} grams, 2^${candidate.bucketBits}, d${candidate.dimension}, ${candidate.experts} experts, top-${candidate.topK}, pruned ${candidate.pruneRatio}`;
  log(measure(`searched float (${key})`, searched.student, holdout, searchedSeconds));
  log(measure('searched int8', withModel(searched.student, QuantizedMoeModel.fromModel(searchedModel)), holdout, searchedSeconds));

  const split = splitAndEncode(train, { ...denseSettings, buckets: 1024 }, validationFraction, seed);
  const autotune = flag('--autotune-seconds');
  log(runFastTextPeer({
    kept: split.kept,
    heldOut: split.heldOut,
    test: holdout,
    labels: split.labels,
    ...(autotune === undefined ? {} : { autotuneSeconds: Number(autotune) }),
    limitSeconds: fastTextLimitSeconds,
  }));

  const peer = rows[rows.length - 1]!;
  const ratio = (value: number, base: number) =>
    Number.isFinite(value / base) ? `${(value / base).toFixed(2)}×` : 'n/a';
  const lines = [
    `Held-out raw-text appeals: ${holdout.length}; searched candidate from ${source}.`,
    '',
    '| model | macro-F1 | µs / appeal | ops / appeal | model bytes | train s | F1 Δ vs fastText | µs vs fastText | ops vs fastText | bytes vs fastText |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) =>
      [
        '',
        row.name,
        row.macroF1.toFixed(4),
        row.microseconds.toFixed(1),
        Math.round(row.operations).toLocaleString('en'),
        Math.round(row.bytes).toLocaleString('en'),
        row.trainSeconds.toFixed(0),
        row === peer ? '' : `${((row.macroF1 - peer.macroF1) * 100).toFixed(1)} pt`,
        row === peer ? '' : ratio(row.microseconds, peer.microseconds),
        row === peer ? '' : ratio(row.operations, peer.operations),
        row === peer ? '' : ratio(row.bytes, peer.bytes),
        '',
      ].join(' | ').trim(),
    ),
    '',
    ...rows.filter((row) => row.note).map((row) => `${row.name}: ${row.note}.`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
