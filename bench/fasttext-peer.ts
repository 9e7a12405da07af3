/**
 * fastText 0.9.2 (Debian package `fasttext`) as the peer of the student
 * models. It reads jieba-segmented text and autotunes on the validation
 * split of the training file. The final model trains once more with the
 * chosen arguments on the whole training file and one thread, as the
 * students refit. It is scored on the held-out appeals, which tuning never
 * reads.
 *
 * Run alone: npx tsx bench/fasttext-peer.ts [--autotune-seconds 300]
 *   [--threads 2] [--model-size 12M] [--limit-seconds 1800]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { computeMetrics } from '../src/model/metrics.ts';
import { readTrainingData } from '../src/model/read-training-data.ts';
import { splitTrainingExamples } from '../src/model/split-and-encode.ts';
import { defaultSoftmaxTrainingOptions } from '../src/model/train-softmax.ts';
import type { TrainingExample } from '../src/model/training-example.ts';
import { toSimplified } from '../src/text/simplified.ts';

/** Inputs of the peer: the training split, the scored rows and the limits. */
export interface FastTextPeerOptions {
  /** Training rows of the split; autotune trains its trials on these. */
  kept: readonly TrainingExample[];
  /** Validation rows of the split; autotune scores its trials on these. */
  heldOut: readonly TrainingExample[];
  /** Held-out appeals, only scored. */
  test: readonly TrainingExample[];
  labels: readonly string[];
  /** Value of `-autotune-duration`; fastText's own default is 300. */
  autotuneSeconds?: number | undefined;
  /** Wall-clock limit of each fastText training process. */
  limitSeconds?: number | undefined;
  /** Threads of the autotune run; the final training uses one thread. */
  threads?: number | undefined;
  /** Value of `-autotune-modelsize` (e.g. "12M"): a quantized .ftz model. */
  modelSize?: string | undefined;
}

/** One benchmark row; the rows of bench/student.ts extend it. */
export interface FastTextPeerRow {
  name: string;
  macroF1: number;
  microseconds: number;
  operations: number;
  bytes: number;
  trainSeconds: number;
  note?: string;
}

/** Arguments that autotune chose, as its log prints them. */
interface ChosenArguments {
  epoch: number;
  lr: number;
  dim: number;
  minCount: number;
  wordNgrams: number;
  minn: number;
  maxn: number;
  bucket: number;
  dsub: number;
  loss: string;
  /** Rows kept by quantization; present only with a model size. */
  cutoff?: number;
}

interface ProcessResult {
  status: 'finished' | 'timer missing' | 'timed out' | 'not started';
  code: number | null;
  seconds: number;
  stdout: string;
  stderr: string;
}

const name = 'fastText 0.9.2';
const labelPrefix = '__label__';
/** Held-out rows are repeated up to this many lines for the latency runs. */
const timingLines = 10_000;
/** The autotune timer prints " Trials: " every 0.5 s once it runs. */
const timerCheckSeconds = 5;
const autotuneAttempts = 5;
/**
 * Fewer finished trials draw a warning. On the appeal data the first two
 * trials (the defaults, then epoch 2) scored 0.18 to 0.53 and 0.23
 * validation micro-F1, and the third was the first sound one. Five is a
 * margin, not a measured bound.
 */
const minimumTrials = 5;
/**
 * Threads of the final training. With one thread fastText gives the same
 * model on every run, and the students also train on one thread.
 */
const finalThreads = 1;

function failedRow(note: string, trainSeconds = Number.NaN): FastTextPeerRow {
  return {
    name,
    macroF1: Number.NaN,
    microseconds: Number.NaN,
    operations: Number.NaN,
    bytes: Number.NaN,
    trainSeconds,
    note,
  };
}

/**
 * Returns a function that segments text with jieba into one line of
 * space-separated words. fastText splits words on ASCII whitespace only and
 * reads any word starting with `__label__` as a label, so neither may
 * appear inside a word.
 */
function createSegmenter(): (text: string) => string {
  const jieba = Jieba.withDict(dict);
  return (text) =>
    jieba
      .cut(toSimplified(text), true)
      .flatMap((word) => word.split(/\s+/u))
      .filter((word) => word !== '')
      .map((word) => (word.startsWith(labelPrefix) ? `_${word.slice(2)}` : word))
      .join(' ');
}

/**
 * Runs one fastText command with a wall-clock limit. With `watchTimer`,
 * the process is stopped when the autotune timer has not printed its
 * progress line after a few seconds (see `runAutotune`).
 */
function runFastText(args: readonly string[], limitSeconds: number, watchTimer = false): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('fasttext', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    let stderr = '';
    let status: ProcessResult['status'] = 'finished';
    let timerSeen = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      // Training progress rewrites one line with \r, so keep only its end.
      stderr = (stderr + chunk).slice(-1_000_000);
      timerSeen ||= stderr.includes(' Trials: ');
    });
    const stop = (reason: ProcessResult['status']) => {
      if (child.exitCode === null && child.signalCode === null) {
        status = reason;
        child.kill('SIGKILL');
      }
    };
    const limit = setTimeout(() => stop('timed out'), limitSeconds * 1000);
    const timerCheck = watchTimer
      ? setTimeout(() => {
          if (!timerSeen) stop('timer missing');
        }, timerCheckSeconds * 1000)
      : undefined;
    const finish = (code: number | null, finalStatus: ProcessResult['status']) => {
      clearTimeout(limit);
      clearTimeout(timerCheck);
      resolve({
        status: finalStatus,
        code,
        seconds: (performance.now() - started) / 1000,
        stdout: stdout.join(''),
        stderr,
      });
    };
    child.on('error', (error) => {
      stderr += String(error);
      finish(null, 'not started');
    });
    child.on('close', (code) => finish(code, status));
  });
}

/**
 * Runs fastText autotune, starting it again when its timer thread is
 * missing. fastText 0.9.2 starts the timer thread before it sets the flag
 * that keeps the thread running (Autotune::startTimer). When the thread
 * checks the flag first, it ends at once, so autotune ignores its duration
 * and never narrows its search. The missing progress line shows this.
 */
async function runAutotune(
  args: readonly string[],
  limitSeconds: number,
): Promise<ProcessResult & { attempts: number }> {
  let result: ProcessResult | undefined;
  for (let attempt = 1; attempt <= autotuneAttempts; attempt++) {
    result = await runFastText(args, limitSeconds, true);
    if (result.status !== 'timer missing') return { ...result, attempts: attempt };
    process.stderr.write(`fastText autotune: timer thread missing, starting again (attempt ${attempt})\n`);
  }
  return { ...result!, attempts: autotuneAttempts };
}

/** One autotune trial as the `-verbose 3` log prints it. */
interface Trial {
  values: Map<string, string>;
  /** Validation micro-F1; NaN when the trial failed or broke the size limit. */
  score: number;
  seconds: number;
}

/**
 * Reads the `-verbose 3` autotune log: the `key = value` blocks of the
 * trials and the block after "Best selected args".
 */
function parseAutotuneLog(log: string): { trials: Trial[]; chosen: ChosenArguments | null } {
  const trials: Trial[] = [];
  let chosenValues: Map<string, string> | null = null;
  let current: Map<string, string> | null = null;
  for (const line of log.split('\n')) {
    if (line.startsWith('Trial = ')) {
      current = new Map();
      trials.push({ values: current, score: Number.NaN, seconds: Number.NaN });
      continue;
    }
    if (line.startsWith('Best selected args')) {
      current = chosenValues = new Map();
      continue;
    }
    const match = /^(\w[\w ]*) = (\S+)$/.exec(line.trim());
    if (match && current) current.set(match[1]!, match[2]!);
  }
  for (const trial of trials) {
    trial.score = Number(trial.values.get('currentScore') ?? Number.NaN);
    trial.seconds = Number(trial.values.get('train took') ?? Number.NaN);
  }
  if (chosenValues === null) return { trials, chosen: null };
  const values = chosenValues;
  const numberOf = (key: string) => Number(values.get(key) ?? Number.NaN);
  const chosen: ChosenArguments = {
    epoch: numberOf('epoch'),
    lr: numberOf('lr'),
    dim: numberOf('dim'),
    minCount: numberOf('minCount'),
    wordNgrams: numberOf('wordNgrams'),
    minn: numberOf('minn'),
    maxn: numberOf('maxn'),
    bucket: numberOf('bucket'),
    dsub: numberOf('dsub'),
    loss: values.get('loss') ?? 'softmax',
  };
  if (values.has('cutoff')) chosen.cutoff = numberOf('cutoff');
  return { trials, chosen };
}

/** Formats one trial for the progress log on stderr. */
function describeTrial(trial: Trial, position: number): string {
  const value = (key: string) => trial.values.get(key) ?? '?';
  return (
    `trial ${position + 1}: epoch ${value('epoch')}, lr ${value('lr')}, dim ${value('dim')}, ` +
    `wordNgrams ${value('wordNgrams')}, char ${value('minn')}-${value('maxn')}, bucket ${value('bucket')}` +
    `${trial.values.has('cutoff') ? `, cutoff ${value('cutoff')}` : ''}: ` +
    `validation micro-F1 ${trial.score.toFixed(4)} in ${trial.seconds.toFixed(1)} s`
  );
}

/**
 * Maps each `fasttext predict` output line (`__label__<index>`) back to its
 * label. A line without a known label gives an empty label, which counts as
 * an error.
 */
function readPredictions(output: string, labels: readonly string[], rows: number): string[] {
  const lines = output.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== rows) {
    throw new Error(`fasttext predict printed ${lines.length} lines for ${rows} rows`);
  }
  return lines.map((line) => {
    const match = /^__label__(\d+)$/.exec(line.trim());
    return match ? (labels[Number(match[1])] ?? '') : '';
  });
}

/**
 * Estimates the multiply-adds fastText spends on one appeal. Each input row
 * costs dim adds to the averaged hidden vector, and the softmax output
 * layer costs dim × classes. Input rows are the words plus the end-of-line
 * token, the word n-grams, and the character n-grams of each word padded
 * as "<word>". The estimate counts every word as known and ignores rows
 * that quantization pruned, so it is an upper bound.
 */
function operationsPerAppeal(
  segmented: readonly string[],
  chosen: ChosenArguments,
  classes: number,
): number {
  let inputs = 0;
  for (const line of segmented) {
    const words = line === '' ? [] : line.split(' ');
    const tokens = words.length + 1;
    inputs += tokens;
    for (let n = 2; n <= chosen.wordNgrams; n++) inputs += Math.max(0, tokens - n + 1);
    if (chosen.maxn > 0) {
      for (const word of words) {
        const length = [...word].length + 2;
        for (let n = chosen.minn; n <= chosen.maxn; n++) inputs += Math.max(0, length - n + 1);
      }
    }
  }
  return (inputs / segmented.length) * chosen.dim + chosen.dim * classes;
}

/** Training arguments that repeat the autotuned run without autotune. */
function trainingArguments(chosen: ChosenArguments, threads: number): string[] {
  return [
    '-epoch', String(chosen.epoch),
    '-lr', String(chosen.lr),
    '-dim', String(chosen.dim),
    '-minCount', String(chosen.minCount),
    '-wordNgrams', String(chosen.wordNgrams),
    '-minn', String(chosen.minn),
    '-maxn', String(chosen.maxn),
    '-bucket', String(chosen.bucket),
    '-loss', chosen.loss,
    '-thread', String(threads),
  ];
}

/**
 * Times `fasttext predict` on a file: the best wall-clock seconds of three
 * passes, including process start and model loading.
 */
function fastestPredict(model: string, file: string): number {
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    const run = spawnSync('fasttext', ['predict', model, file], { stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`fasttext predict ${file} failed with status ${run.status}`);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return best;
}

/** Runs `fasttext predict` on a file and returns the predicted labels. */
function predictLabels(model: string, file: string, labels: readonly string[], rows: number): string[] {
  const run = spawnSync('fasttext', ['predict', model, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`fasttext predict ${file} failed: ${run.stderr}`);
  return readPredictions(run.stdout, labels, rows);
}

/** The fastText input files of one run, one appeal a line. */
interface InputFiles {
  train: string;
  validation: string;
  /** Training and validation rows together, for the final training. */
  all: string;
  test: string;
  /** The held-out rows repeated `repeats` times, for the latency runs. */
  timing: string;
  one: string;
  repeats: number;
  segmentedTest: string[];
}

/**
 * Writes the input files. Labels become `__label__<index>`, so label names
 * with spaces or other characters cannot break the line format.
 */
function writeInputFiles(
  folder: string,
  { kept, heldOut, test, labels }: FastTextPeerOptions,
): InputFiles {
  const segment = createSegmenter();
  const index = new Map(labels.map((label, i) => [label, i]));
  const labelled = (rows: readonly TrainingExample[]) =>
    rows.map((row) => `${labelPrefix}${index.get(row.label)!} ${segment(row.text)}`.trimEnd());
  const write = (fileName: string, lines: readonly string[]) => {
    const target = path.join(folder, fileName);
    writeFileSync(target, `${lines.join('\n')}\n`);
    return target;
  };
  const segmentedTest = test.map((row) => segment(row.text));
  const repeats = Math.max(1, Math.ceil(timingLines / test.length));
  return {
    train: write('train.txt', labelled(kept)),
    validation: write('valid.txt', labelled(heldOut)),
    all: write('all.txt', labelled([...kept, ...heldOut])),
    test: write('test.txt', segmentedTest),
    timing: write('timing.txt', Array.from({ length: repeats }, () => segmentedTest).flat()),
    one: write('one.txt', segmentedTest.slice(0, 1)),
    repeats,
    segmentedTest,
  };
}

/**
 * Trains the final model with the chosen arguments on the training and
 * validation rows, as the students refit after validation, and quantizes
 * it as autotune did when a model size is set. Returns the model path and
 * the seconds of both steps, or an error.
 */
async function trainFinalModel(
  files: InputFiles,
  prefix: string,
  chosen: ChosenArguments,
  modelSize: string | undefined,
  limitSeconds: number,
): Promise<{ model: string; seconds: number } | { error: string; seconds: number }> {
  const training = await runFastText(
    ['supervised', '-input', files.all, '-output', prefix, ...trainingArguments(chosen, finalThreads), '-verbose', '0'],
    limitSeconds,
  );
  if (training.status !== 'finished' || training.code !== 0) {
    return {
      error: `training with the chosen arguments ${training.status} (exit code ${training.code})`,
      seconds: training.seconds,
    };
  }
  if (modelSize === undefined) return { model: `${prefix}.bin`, seconds: training.seconds };
  const quantize = await runFastText(
    [
      'quantize',
      '-input', files.all,
      '-output', prefix,
      '-qnorm',
      '-dsub', String(chosen.dsub),
      ...(chosen.cutoff === undefined ? [] : ['-cutoff', String(chosen.cutoff), '-retrain']),
      '-epoch', String(chosen.epoch),
      '-lr', String(chosen.lr),
      '-thread', String(finalThreads),
      '-verbose', '0',
    ],
    limitSeconds,
  );
  const seconds = training.seconds + quantize.seconds;
  if (quantize.status !== 'finished' || quantize.code !== 0) {
    return { error: `quantizing with the chosen arguments ${quantize.status} (exit code ${quantize.code})`, seconds };
  }
  return { model: `${prefix}.ftz`, seconds };
}

/** Returns the share of the most frequent label among `rows`. */
function majorityShare(rows: readonly TrainingExample[]): number {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.label, (counts.get(row.label) ?? 0) + 1);
  return Math.max(...counts.values()) / rows.length;
}

/**
 * Autotunes fastText on the validation split, trains it once more with the
 * chosen arguments on the training and validation rows, and scores that
 * model on `test`. Latency is (predict over many lines − predict over one
 * line) / (lines − 1) on segmented text, so process start and model
 * loading are left out. The lines repeat the held-out rows, so the model
 * rows they read are warmer in cache than over unseen appeals.
 */
export async function runFastTextPeer(options: FastTextPeerOptions): Promise<FastTextPeerRow> {
  const { heldOut, test, labels, modelSize } = options;
  const autotuneSeconds = options.autotuneSeconds ?? 300;
  const limitSeconds = options.limitSeconds ?? 1800;
  const threads = options.threads ?? 2;
  if (spawnSync('fasttext', ['help'], { stdio: 'ignore' }).error) {
    return failedRow('not installed (apt-get install -y fasttext)');
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'hotline-fasttext-'));
  try {
    const files = writeInputFiles(folder, options);
    const autotune = await runAutotune(
      [
        'supervised',
        '-input', files.train,
        '-output', path.join(folder, 'autotune'),
        '-autotune-validation', files.validation,
        '-autotune-duration', String(autotuneSeconds),
        ...(modelSize === undefined ? [] : ['-autotune-modelsize', modelSize]),
        '-thread', String(threads),
        '-verbose', '3',
      ],
      limitSeconds,
    );
    if (autotune.status !== 'finished' || autotune.code !== 0) {
      const lastError = autotune.stderr.split(/[\r\n]/).filter((line) => line.trim() !== '').pop() ?? '';
      return failedRow(
        `autotune ${autotune.status} after ${autotune.seconds.toFixed(0)} s ` +
          `(attempts ${autotune.attempts}, exit code ${autotune.code}): ${lastError}`,
        autotune.seconds,
      );
    }

    const { trials, chosen } = parseAutotuneLog(autotune.stdout);
    process.stderr.write(`${trials.map(describeTrial).join('\n')}\n`);
    if (chosen === null) return failedRow('autotune log has no "Best selected args" block', autotune.seconds);
    const autotuneModel = path.join(folder, modelSize === undefined ? 'autotune.bin' : 'autotune.ftz');
    const dumped = spawnSync('fasttext', ['dump', autotuneModel, 'args'], { encoding: 'utf8' }).stdout;
    process.stderr.write(`fastText autotune chose (fasttext dump ${path.basename(autotuneModel)} args):\n${dumped}`);
    process.stderr.write(`and lr ${chosen.lr}, dsub ${chosen.dsub}, cutoff ${chosen.cutoff ?? 'none'}\n`);
    const actual = test.map((row) => row.label);
    const autotuneF1 = computeMetrics(
      actual,
      predictLabels(autotuneModel, files.test, labels, test.length),
      labels,
    ).macroF1;

    const final = await trainFinalModel(files, path.join(folder, 'final'), chosen, modelSize, limitSeconds);
    if ('error' in final) return failedRow(final.error, final.seconds);
    const predicted = predictLabels(final.model, files.test, labels, test.length);
    const timingRows = files.repeats * test.length;
    const microseconds =
      ((fastestPredict(final.model, files.timing) - fastestPredict(final.model, files.one)) * 1e6) /
      (timingRows - 1);

    const scores = trials.map((trial) => trial.score).filter((score) => Number.isFinite(score));
    const best = scores.length === 0 ? Number.NaN : Math.max(...scores);
    // Predicting the most frequent validation label scores its share as
    // micro-F1, so a best score near that share means a one-class model.
    const majority = majorityShare(heldOut);
    const emptyRows = files.segmentedTest.filter((line) => line === '').length;
    const char = chosen.maxn > 0 ? `char ${chosen.minn}-${chosen.maxn}` : 'no char n-grams';
    const notes = [
      `autotune -autotune-duration ${autotuneSeconds}` +
        `${modelSize === undefined ? '' : ` -autotune-modelsize ${modelSize}`} -thread ${threads}: ` +
        `${autotune.seconds.toFixed(0)} s, ${scores.length} finished trials` +
        `${autotune.attempts > 1 ? ` (started ${autotune.attempts} times, timer thread missing)` : ''}, ` +
        `best validation micro-F1 ${best.toFixed(4)}`,
      `chose epoch ${chosen.epoch}, lr ${chosen.lr}, dim ${chosen.dim}, wordNgrams ${chosen.wordNgrams}, ` +
        `${char}, bucket ${chosen.bucket}` +
        `${chosen.cutoff === undefined ? '' : `, cutoff ${chosen.cutoff}, dsub ${chosen.dsub}`}`,
      `one training with these arguments on training + validation rows, -thread ${finalThreads}: ` +
        `${final.seconds.toFixed(1)} s`,
      `autotune's own model (training rows only) scores macro-F1 ${autotuneF1.toFixed(4)}`,
      `µs on segmented text over ${timingRows} lines (held-out rows ×${files.repeats})`,
      ...(emptyRows > 0 ? [`${emptyRows} held-out rows segment to no words`] : []),
      ...(scores.length < minimumTrials
        ? [`only ${scores.length} finished trials: raise the autotune duration`]
        : []),
      ...(best > majority + 0.05
        ? []
        : [`no trial beat always predicting the most frequent label (${majority.toFixed(4)}): raise the autotune duration`]),
    ];
    return {
      name,
      macroF1: computeMetrics(actual, predicted, labels).macroF1,
      microseconds,
      operations: operationsPerAppeal(files.segmentedTest, chosen, labels.length),
      bytes: statSync(final.model).size,
      trainSeconds: final.seconds,
      note: notes.join('; '),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Returns the value after `flagName` on the command line. */
function flag(flagName: string): string | undefined {
  const position = process.argv.indexOf(flagName);
  return position === -1 ? undefined : process.argv[position + 1];
}

/** Prints a one-row markdown table for fastText on the split of bench/student.ts. */
async function main(): Promise<void> {
  const train = (await readTrainingData(['data/teddy/train.jsonl.gz'])).examples;
  const holdout = (await readTrainingData(['data/teddy/holdout.jsonl.gz'])).examples.filter(
    (row) => !row.segmentedOnly,
  );
  // The same split as bench/student.ts: validation fraction and seed.
  const split = splitTrainingExamples(train, 0.1, defaultSoftmaxTrainingOptions.seed);
  const numberFlag = (flagName: string) => {
    const value = flag(flagName);
    return value === undefined ? undefined : Number(value);
  };
  const row = await runFastTextPeer({
    kept: split.kept,
    heldOut: split.heldOut,
    test: holdout,
    labels: split.labels,
    autotuneSeconds: numberFlag('--autotune-seconds'),
    limitSeconds: numberFlag('--limit-seconds'),
    threads: numberFlag('--threads'),
    modelSize: flag('--model-size'),
  });
  const lines = [
    `Held-out raw-text appeals: ${holdout.length}; training rows ${split.kept.length}, validation rows ${split.heldOut.length}.`,
    '',
    '| model | macro-F1 | µs / appeal | ops / appeal | model bytes | train s |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${row.name} | ${row.macroF1.toFixed(4)} | ${row.microseconds.toFixed(1)} | ` +
      `${Math.round(row.operations).toLocaleString('en')} | ${Math.round(row.bytes).toLocaleString('en')} | ` +
      `${row.trainSeconds.toFixed(1)} |`,
    '',
    `${row.name}: ${row.note ?? ''}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
