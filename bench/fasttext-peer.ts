/**
 * fastText 0.9.2 (Debian package `fasttext`) as the peer of the student
 * models. It reads jieba-segmented text, autotunes on the validation split
 * of the training file, trains once more with the chosen arguments on the
 * whole training file (as the students refit) and is scored on the
 * held-out appeals, which tuning never reads.
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
  threads?: number | undefined;
  /** Value of `-autotune-modelsize` (e.g. "12M"): a quantized .ftz model. */
  modelSize?: string | undefined;
}

/** One benchmark row, shaped like the rows of bench/student.ts. */
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

/** Parses the `key = value` block after "Best selected args" in the autotune log. */
function parseChosenArguments(log: string): ChosenArguments | null {
  const lines = log.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Best selected args'));
  if (start === -1) return null;
  const values = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    const match = /^(\w+) = (\S+)$/.exec(line.trim());
    if (match) values.set(match[1]!, match[2]!);
  }
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
  return chosen;
}

/** Lists the per-trial validation scores (micro-F1) of the autotune log. */
function trialScores(log: string): number[] {
  return [...log.matchAll(/^currentScore = (\S+)$/gm)]
    .map((match) => Number(match[1]))
    .filter((score) => Number.isFinite(score));
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

function predictLabels(model: string, file: string, labels: readonly string[], rows: number): string[] {
  const run = spawnSync('fasttext', ['predict', model, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`fasttext predict ${file} failed: ${run.stderr}`);
  return readPredictions(run.stdout, labels, rows);
}

/**
 * Autotunes fastText on the validation split, trains it once more with the
 * chosen arguments on the training and validation rows, and scores that
 * model on `test`. Latency is (predict over many lines − predict over one
 * line) / (lines − 1) on segmented text, so process start and model
 * loading are left out. The lines repeat the held-out rows, so the model
 * rows they read are warmer in cache than over unseen appeals.
 */
export async function runFastTextPeer({
  kept,
  heldOut,
  test,
  labels,
  autotuneSeconds = 300,
  limitSeconds = 1800,
  threads = 2,
  modelSize,
}: FastTextPeerOptions): Promise<FastTextPeerRow> {
  if (spawnSync('fasttext', ['help'], { stdio: 'ignore' }).error) {
    return failedRow('not installed (apt-get install -y fasttext)');
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'hotline-fasttext-'));
  try {
    const segment = createSegmenter();
    const index = new Map(labels.map((label, i) => [label, i]));
    // Labels become indexes, so label names with spaces or any other
    // characters cannot break the one-appeal-per-line format.
    const labelled = (rows: readonly TrainingExample[]) =>
      rows.map((row) => `${labelPrefix}${index.get(row.label)!} ${segment(row.text)}`.trimEnd());
    const file = (fileName: string, lines: readonly string[]) => {
      const target = path.join(folder, fileName);
      writeFileSync(target, `${lines.join('\n')}\n`);
      return target;
    };
    const trainFile = file('train.txt', labelled(kept));
    const validationFile = file('valid.txt', labelled(heldOut));
    const allFile = file('all.txt', labelled([...kept, ...heldOut]));
    const segmentedTest = test.map((row) => segment(row.text));
    const testFile = file('test.txt', segmentedTest);
    const repeats = Math.max(1, Math.ceil(timingLines / test.length));
    const timingFile = file('timing.txt', Array.from({ length: repeats }, () => segmentedTest).flat());
    const oneFile = file('one.txt', segmentedTest.slice(0, 1));
    const emptyRows = segmentedTest.filter((line) => line === '').length;

    const sizeArguments = modelSize === undefined ? [] : ['-autotune-modelsize', modelSize];
    const autotune = await runAutotune(
      [
        'supervised',
        '-input', trainFile,
        '-output', path.join(folder, 'autotune'),
        '-autotune-validation', validationFile,
        '-autotune-duration', String(autotuneSeconds),
        ...sizeArguments,
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
    const chosen = parseChosenArguments(autotune.stdout);
    if (chosen === null) return failedRow('autotune log has no "Best selected args" block', autotune.seconds);
    const extension = modelSize === undefined ? 'bin' : 'ftz';
    const autotuneModel = path.join(folder, `autotune.${extension}`);
    const dumped = spawnSync('fasttext', ['dump', autotuneModel, 'args'], { encoding: 'utf8' }).stdout;
    process.stderr.write(`fastText autotune chose (fasttext dump ${path.basename(autotuneModel)} args):\n${dumped}`);
    process.stderr.write(`and lr ${chosen.lr}, dsub ${chosen.dsub}, cutoff ${chosen.cutoff ?? 'none'}\n`);
    const scores = trialScores(autotune.stdout);
    const autotuneF1 = computeMetrics(
      test.map((row) => row.label),
      predictLabels(autotuneModel, testFile, labels, test.length),
      labels,
    ).macroF1;

    // The final model: the chosen arguments on all training rows, as the
    // students refit after validation, with no autotune.
    const refitPrefix = path.join(folder, 'refit');
    const refit = await runFastText(
      ['supervised', '-input', allFile, '-output', refitPrefix, ...trainingArguments(chosen, threads), '-verbose', '0'],
      limitSeconds,
    );
    if (refit.status !== 'finished' || refit.code !== 0) {
      return failedRow(`training with the chosen arguments ${refit.status} (exit code ${refit.code})`, refit.seconds);
    }
    let trainSeconds = refit.seconds;
    if (modelSize !== undefined) {
      const quantize = await runFastText(
        [
          'quantize',
          '-input', allFile,
          '-output', refitPrefix,
          '-qnorm',
          '-dsub', String(chosen.dsub),
          ...(chosen.cutoff === undefined ? [] : ['-cutoff', String(chosen.cutoff), '-retrain']),
          '-epoch', String(chosen.epoch),
          '-lr', String(chosen.lr),
          '-thread', String(threads),
          '-verbose', '0',
        ],
        limitSeconds,
      );
      if (quantize.status !== 'finished' || quantize.code !== 0) {
        return failedRow(`quantizing with the chosen arguments ${quantize.status}`, refit.seconds + quantize.seconds);
      }
      trainSeconds += quantize.seconds;
    }
    const model = `${refitPrefix}.${extension}`;

    const predicted = predictLabels(model, testFile, labels, test.length);
    const timingRows = repeats * test.length;
    const microseconds =
      ((fastestPredict(model, timingFile) - fastestPredict(model, oneFile)) * 1e6) / (timingRows - 1);
    const best = scores.length === 0 ? Number.NaN : Math.max(...scores);
    const char = chosen.maxn > 0 ? `char ${chosen.minn}-${chosen.maxn}` : 'no char n-grams';
    const notes = [
      `autotune -autotune-duration ${autotuneSeconds}${modelSize === undefined ? '' : ` -autotune-modelsize ${modelSize}`}` +
        ` -thread ${threads}: ${autotune.seconds.toFixed(0)} s, ${scores.length} trials` +
        `${autotune.attempts > 1 ? ` (started ${autotune.attempts} times, timer thread missing)` : ''}, ` +
        `best validation micro-F1 ${best.toFixed(4)}`,
      `chose epoch ${chosen.epoch}, lr ${chosen.lr}, dim ${chosen.dim}, wordNgrams ${chosen.wordNgrams}, ` +
        `${char}, bucket ${chosen.bucket}${chosen.cutoff === undefined ? '' : `, cutoff ${chosen.cutoff}, dsub ${chosen.dsub}`}`,
      `one training with these arguments on training + validation rows: ${trainSeconds.toFixed(1)} s`,
      `autotune's own model (training rows only) scores macro-F1 ${autotuneF1.toFixed(4)}`,
      `µs on segmented text over ${timingRows} lines (held-out rows ×${repeats})`,
      ...(emptyRows > 0 ? [`${emptyRows} held-out rows segment to no words`] : []),
    ];
    return {
      name,
      macroF1: computeMetrics(test.map((row) => row.label), predicted, labels).macroF1,
      microseconds,
      operations: operationsPerAppeal(segmentedTest, chosen, labels.length),
      bytes: statSync(model).size,
      trainSeconds,
      note: notes.join('; '),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

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
