/**
 * Labelling and distillation on the Teddy Cup 2020 data. It measures
 * macro-F1 on the held-out file against the number of gold labels for
 * random and active selection (mean of 3 seeds), the effect of
 * self-training and of the label audit, and distillation from a stand-in
 * teacher.
 *
 * No teacher model is reachable from the benchmark machine, so a stronger
 * student stands in for it: the same sparse softmax model with 1–5-gram
 * features and 2^20 buckets, trained on all training rows. It labels the
 * unlabelled messages (hotspot, replies and unlabelled test files) with
 * soft probabilities.
 *
 * Only early stopping, self-training thresholds and the choice of the
 * distillation setting use the validation split of the training file; the
 * held-out file is scored once per model and never tunes anything.
 *
 * Run: npx tsx bench/learning-curves.ts
 */
import { readFileSync } from 'node:fs';
import { auditLabels } from '../src/labeling/audit-labels.ts';
import { sketchRows } from '../src/labeling/feature-sketch.ts';
import { selectRows } from '../src/labeling/out-of-fold-probabilities.ts';
import { selectForReview } from '../src/labeling/select-for-review.ts';
import {
  chooseConfidenceThreshold,
  selectPseudoLabels,
} from '../src/labeling/self-training.ts';
import { encodeDataset, type EncodedDataset } from '../src/model/encoded-dataset.ts';
import { createRandom, shuffle } from '../src/model/random.ts';
import { readTrainingData } from '../src/model/read-training-data.ts';
import { softmaxInPlace, type SoftmaxModel } from '../src/model/softmax-model.ts';
import { splitExamples } from '../src/model/split.ts';
import {
  trainDistilled,
  type DistillationRow,
} from '../src/model/train-distilled.ts';
import {
  defaultSoftmaxTrainingOptions,
  logitsOf,
  macroF1On,
  trainSoftmax,
  type SoftmaxTrainingOptions,
} from '../src/model/train-softmax.ts';
import type { TrainingExample } from '../src/model/training-example.ts';
import { defaultFeatureSettings, type FeatureSettings } from '../src/text/features.ts';
import { sharedData } from '../test/helpers/paths.ts';

const started = performance.now();
const startedCpu = process.cpuUsage();
const sizes = [200, 400, 800, 1600, 3200];
const seeds = [1, 2, 3];
const settings: FeatureSettings = {
  ...defaultFeatureSettings,
  buckets: 1 << 18,
  charNgramMin: 1,
  charNgramMax: 3,
};
const teacherSettings: FeatureSettings = {
  ...defaultFeatureSettings,
  buckets: 1 << 20,
  charNgramMin: 1,
  charNgramMax: 5,
};
const training: SoftmaxTrainingOptions = {
  ...defaultSoftmaxTrainingOptions,
  maxEpochs: 8,
  patience: 2,
};
// Self-training is measured at these sizes only, to keep the run short.
const selfTrainingSizes = new Set([200, 800, 3200]);
// NOTE: at most this many unlabelled messages (a seeded sample) feed
// self-training and distillation, to keep the run within minutes.
const unlabelledLimit = 4000;
const selfTrainingPrecision = 0.9;

const log = (message: string) =>
  process.stderr.write(
    `[${((performance.now() - started) / 1000).toFixed(0)} s] ${message}\n`,
  );

// --- Data -------------------------------------------------------------
const train = (await readTrainingData(['data/teddy/train.jsonl.gz'])).examples;
const holdout = (await readTrainingData(['data/teddy/holdout.jsonl.gz'])).examples;
const labels = [...new Set(train.map((row) => row.label))].sort();
const labelIndex = new Map(labels.map((label, i) => [label, i]));
const { kept: pool, heldOut: validation } = splitExamples(
  train,
  0.1,
  createRandom(20241204),
  (row) => !row.segmentedOnly,
);
const targetsOf = (rows: readonly TrainingExample[]) =>
  rows.map((row) => labelIndex.get(row.label)!);
const encode = (rows: readonly TrainingExample[], features = settings) =>
  encodeDataset(rows.map((row) => row.text), targetsOf(rows), features);

const holdoutTexts = new Set(holdout.map((row) => row.text));
const unlabelledTexts: string[] = [];
const seenTexts = new Set<string>();
for (const file of ['att3_hotspot.jsonl', 'att4_replies.jsonl', 'testdata_unlabeled.jsonl']) {
  for (const line of readFileSync(sharedData('teddy2020_c', file), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { title?: string; body?: string };
    const text = `${record.title ?? ''}${record.body ?? ''}`;
    if (text === '' || seenTexts.has(text) || holdoutTexts.has(text)) continue;
    seenTexts.add(text);
    unlabelledTexts.push(text);
  }
}
shuffle(unlabelledTexts, createRandom(99));
unlabelledTexts.length = Math.min(unlabelledTexts.length, unlabelledLimit);
const poolSet = encode(pool);
const validationSet = encode(validation);
const holdoutSet = encode(holdout);
const unlabelledSet = encodeDataset(
  unlabelledTexts,
  unlabelledTexts.map(() => 0),
  settings,
);
const poolSketches = sketchRows(poolSet, 256);
log(
  `pool ${pool.length}, validation ${validation.length}, holdout ` +
    `${holdout.length}, unlabelled ${unlabelledTexts.length}`,
);

// --- Helpers ----------------------------------------------------------
function fit(data: EncodedDataset, seed: number): SoftmaxModel {
  return trainSoftmax(data, validationSet, settings.buckets, labels.length, {
    ...training,
    seed,
  }).model;
}

function probabilitiesOf(model: SoftmaxModel, data: EncodedDataset): Float32Array[] {
  return Array.from({ length: data.size }, (_, row) => {
    const out = new Float32Array(labels.length);
    logitsOf(model, data, row, out);
    softmaxInPlace(out);
    return out;
  });
}

function concat(parts: readonly EncodedDataset[]): EncodedDataset {
  const size = parts.reduce((sum, part) => sum + part.size, 0);
  const total = parts.reduce((sum, part) => sum + part.ids.length, 0);
  const offsets = new Int32Array(size + 1);
  const ids = new Int32Array(total);
  const weights = new Float32Array(total);
  const targets = new Int32Array(size);
  let row = 0;
  let used = 0;
  for (const part of parts) {
    ids.set(part.ids, used);
    weights.set(part.weights, used);
    targets.set(part.targets, row);
    for (let i = 0; i < part.size; i++) offsets[row + i + 1] = used + part.offsets[i + 1]!;
    row += part.size;
    used += part.ids.length;
  }
  return { offsets, ids, weights, targets, size };
}

/** Self-training: pseudo-label the unlabelled messages and refit. */
function selfTrain(labelled: EncodedDataset, model: SoftmaxModel, seed: number) {
  const validationProbabilities = probabilitiesOf(model, validationSet);
  const confidences = validationProbabilities.map((p) => Math.max(...p));
  const correct = validationProbabilities.map(
    (p, i) => p.indexOf(Math.max(...p)) === validationSet.targets[i],
  );
  const threshold = chooseConfidenceThreshold(
    confidences,
    correct,
    selfTrainingPrecision,
  );
  const pseudo = selectPseudoLabels(
    probabilitiesOf(model, unlabelledSet),
    threshold.threshold,
  );
  const pseudoSet = selectRows(unlabelledSet, pseudo.map((entry) => entry.row));
  pseudo.forEach((entry, i) => {
    pseudoSet.targets[i] = entry.label;
  });
  const refit = fit(concat([labelled, pseudoSet]), seed);
  return { f1: macroF1On(refit, holdoutSet), threshold, added: pseudo.length };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const format = (value: number) => value.toFixed(4);

// --- Learning curves ----------------------------------------------------
const randomF1 = sizes.map(() => [] as number[]);
const activeF1 = sizes.map(() => [] as number[]);
const selfF1 = sizes.map(() => [] as number[]);
const selfAdded = sizes.map(() => [] as number[]);
const selfThreshold = sizes.map(() => [] as number[]);
for (const seed of seeds) {
  const order = shuffle(
    Array.from({ length: pool.length }, (_, i) => i),
    createRandom(seed),
  );
  sizes.forEach((size, s) => {
    const rows = selectRows(poolSet, order.slice(0, size));
    const model = fit(rows, seed);
    randomF1[s]!.push(macroF1On(model, holdoutSet));
    if (!selfTrainingSizes.has(size)) return;
    const self = selfTrain(rows, model, seed);
    selfF1[s]!.push(self.f1);
    selfAdded[s]!.push(self.added);
    selfThreshold[s]!.push(self.threshold.threshold);
  });
  log(`random and self-training, seed ${seed}: ${randomF1.map((f) => f.at(-1)?.toFixed(4)).join(' ')}`);

  const labelled = order.slice(0, sizes[0]!);
  const inLabelled = new Uint8Array(pool.length);
  for (const row of labelled) inLabelled[row] = 1;
  const coverRandom = createRandom(seed + 100);
  sizes.forEach((size, s) => {
    if (s > 0) {
      const model = fit(selectRows(poolSet, labelled), seed);
      const candidates: number[] = [];
      for (let row = 0; row < pool.length; row++) if (inLabelled[row] === 0) candidates.push(row);
      const probabilities = probabilitiesOf(model, selectRows(poolSet, candidates));
      // NOTE: the labelled set is sampled down to 1,000 sketches for the
      // k-center distances to keep a round under a few seconds.
      const covered = shuffle([...labelled], coverRandom)
        .slice(0, 1000)
        .map((row) => poolSketches[row]!);
      const picked = selectForReview(
        probabilities,
        candidates.map((row) => poolSketches[row]!),
        size - labelled.length,
        { measure: 'margin', poolFactor: 3 },
        covered,
      );
      for (const position of picked) {
        labelled.push(candidates[position]!);
        inLabelled[candidates[position]!] = 1;
      }
    }
    const model = fit(selectRows(poolSet, labelled), seed);
    activeF1[s]!.push(macroF1On(model, holdoutSet));
  });
  log(`active, seed ${seed}: ${activeF1.map((f) => f.at(-1)?.toFixed(4)).join(' ')}`);
}

// --- Label audit --------------------------------------------------------
const audit = auditLabels(pool, {
  folds: 5,
  epochs: 5,
  settings,
  training,
});
const flagged = new Set(audit.findings.map((finding) => finding.source));
const cleaned = pool.filter((row) => !flagged.has(row.source));
const withAll = seeds.map((seed) => macroF1On(fit(poolSet, seed), holdoutSet));
const cleanedSet = encode(cleaned);
const withoutFlagged = seeds.map((seed) => macroF1On(fit(cleanedSet, seed), holdoutSet));
const pairCounts = new Map<string, number>();
for (const finding of audit.findings) {
  const key = `${finding.givenLabel} → ${finding.suggestedLabel}`;
  pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
}
log(`audit flagged ${audit.findings.length}`);

// --- Distillation -------------------------------------------------------
const teacherSet = encode(train, teacherSettings);
const teacher = trainSoftmax(teacherSet, null, teacherSettings.buckets, labels.length, {
  ...training,
  fixedEpochs: 10,
}).model;
const teacherHoldout = macroF1On(teacher, encode(holdout, teacherSettings));
const teacherUnlabelled = probabilitiesOf(
  teacher,
  encodeDataset(unlabelledTexts, unlabelledTexts.map(() => 0), teacherSettings),
);
log('teacher trained');

interface DistillSetting {
  name: string;
  temperature: number;
  alpha: number;
  adaptive: boolean;
}
const distillSettings: DistillSetting[] = [
  { name: 'T = 1', temperature: 1, alpha: 0.5, adaptive: false },
  { name: 'T = 3', temperature: 3, alpha: 0.5, adaptive: false },
  { name: 'adaptive T ≤ 3', temperature: 3, alpha: 0.5, adaptive: true },
];

function distillRun(gold: readonly TrainingExample[], setting: DistillSetting | null) {
  const rows: DistillationRow[] = gold.map((row) => ({
    text: row.text,
    gold: row.label,
    teacher: null,
  }));
  if (setting !== null) {
    unlabelledTexts.forEach((text, i) => {
      rows.push({ text, gold: null, teacher: teacherUnlabelled[i]! });
    });
  }
  const { student, report } = trainDistilled(rows, validation, labels, {
    settings,
    training,
    alpha: setting?.alpha ?? 1,
    temperature: setting?.temperature ?? 1,
    adaptiveTemperature: setting?.adaptive ?? false,
  });
  const predicted = holdout.map((row) => student.predict(row.text).label);
  let correct = 0;
  predicted.forEach((label, i) => {
    if (label === holdout[i]!.label) correct += 1;
  });
  return {
    validationF1: report.validation.macroF1,
    agreement: report.teacherAgreement,
    holdoutF1: macroF1On(student.model as SoftmaxModel, holdoutSet),
    holdoutAccuracy: correct / holdout.length,
  };
}

const budgets: Array<{ name: string; gold: TrainingExample[] }> = [
  { name: '800 gold', gold: shuffle([...pool], createRandom(1)).slice(0, 800) },
  { name: `all ${pool.length} gold`, gold: pool },
];
const distillRows: string[] = [];
for (const budget of budgets) {
  const baseline = distillRun(budget.gold, null);
  distillRows.push(
    `| ${budget.name} | gold only | ${format(baseline.validationF1)} | – | ` +
      `${format(baseline.holdoutF1)} | ${format(baseline.holdoutAccuracy)} |`,
  );
  let best: { name: string; validationF1: number; holdoutF1: number } | null = null;
  for (const setting of distillSettings) {
    const result = distillRun(budget.gold, setting);
    log(`distillation ${budget.name} ${setting.name}: ${JSON.stringify(result)}`);
    distillRows.push(
      `| ${budget.name} | + teacher, ${setting.name} | ${format(result.validationF1)} | ` +
        `${format(result.agreement)} | ${format(result.holdoutF1)} | ` +
        `${format(result.holdoutAccuracy)} |`,
    );
    if (best === null || result.validationF1 > best.validationF1) {
      best = { name: setting.name, ...result };
    }
  }
  distillRows.push(
    `| ${budget.name} | chosen on validation: ${best!.name} | | | ` +
      `${format(best!.holdoutF1)} (${best!.holdoutF1 >= baseline.holdoutF1 ? '+' : ''}` +
      `${format(best!.holdoutF1 - baseline.holdoutF1)}) | |`,
  );
  log(`distillation, ${budget.name}`);
}

// --- Output ---------------------------------------------------------------
const lines: string[] = [];
lines.push(
  `Training pool ${pool.length} rows (validation ${validation.length} raw-text rows ` +
    `held out of data/teddy/train.jsonl.gz), held-out ${holdout.length} rows, ` +
    `${unlabelledTexts.length} unlabelled messages (seeded sample). Student: 2^18 buckets, 1–3-grams, ` +
    `AdaGrad, at most ${training.maxEpochs} epochs with early stopping on validation.`,
);
lines.push('');
lines.push('Macro-F1 on the held-out file, mean of 3 seeds (min–max):');
lines.push('');
lines.push('| labels | random | active (margin + k-center) | random + self-training | pseudo-labels added | threshold |');
lines.push('|---:|---:|---:|---:|---:|---:|');
const range = (values: number[]) =>
  `${format(mean(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
sizes.forEach((size, s) => {
  const measured = selfF1[s]!.length > 0;
  lines.push(
    `| ${size} | ${range(randomF1[s]!)} | ${range(activeF1[s]!)} | ` +
      `${measured ? range(selfF1[s]!) : '–'} | ` +
      `${measured ? Math.round(mean(selfAdded[s]!)) : '–'} | ` +
      `${measured ? mean(selfThreshold[s]!).toFixed(3) : '–'} |`,
  );
});
lines.push('');
lines.push(
  `Self-training threshold: the lowest student confidence at which validation ` +
    `predictions are still ${selfTrainingPrecision * 100} % correct.`,
);
lines.push('');
lines.push(
  `Label audit (confident learning, 5-fold out-of-fold probabilities) flagged ` +
    `${audit.findings.length} of ${pool.length} pool rows. Most frequent given → suggested pairs: ` +
    [...pairCounts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([pair, count]) => `${pair} (${count})`)
      .join(', ') +
    '.',
);
lines.push('');
lines.push('| training rows | macro-F1 on held-out, mean of 3 seeds |');
lines.push('|---|---:|');
lines.push(`| all ${pool.length} pool rows | ${range(withAll)} |`);
lines.push(`| without the ${audit.findings.length} flagged rows | ${range(withoutFlagged)} |`);
lines.push('');
lines.push(
  `Distillation. Stand-in teacher (1–5-grams, 2^20 buckets, all ${train.length} ` +
    `training rows, 10 epochs): held-out macro-F1 ${format(teacherHoldout)}. ` +
    `It labels the ${unlabelledTexts.length} unlabelled messages; the student trains on ` +
    'the gold rows (cross-entropy only, because the stand-in teacher was trained on them) ' +
    'plus the soft labels (T²·KL only), so α does not come into play here.',
);
lines.push('');
lines.push('| gold labels | training | validation macro-F1 | student–teacher agreement | held-out macro-F1 | held-out accuracy |');
lines.push('|---|---|---:|---:|---:|---:|');
lines.push(...distillRows);
lines.push('');
const cpu = process.cpuUsage(startedCpu);
lines.push(
  `Run time ${((performance.now() - started) / 1000).toFixed(0)} s wall, ` +
    `${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU.`,
);
process.stdout.write(`${lines.join('\n')}\n`);
