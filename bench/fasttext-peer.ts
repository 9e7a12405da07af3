/**
 * fastText 0.9.2 (Debian package) as the peer of the student models:
 * trained with autotune on jieba-segmented text and scored on the
 * held-out appeals.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { toSimplified } from '../src/text/simplified.ts';
import { computeMetrics } from '../src/model/metrics.ts';
import type { TrainingExample } from '../src/model/training-example.ts';

/** Inputs of the peer: the training split, the scored rows and the labels. */
export interface FastTextPeerOptions {
  kept: readonly TrainingExample[];
  heldOut: readonly TrainingExample[];
  test: readonly TrainingExample[];
  labels: string[];
  autotuneSeconds?: number;
  limitSeconds?: number;
  threads?: number;
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

/**
 * Trains fastText with autotune on jieba-segmented text and scores it.
 * Latency is (predict over all held-out rows − predict over one row) /
 * (rows − 1), so the model load time is left out.
 */
export function runFastTextPeer({
  kept,
  heldOut,
  test,
  labels,
  autotuneSeconds = 90,
  limitSeconds = 900,
  threads = 2,
}: FastTextPeerOptions): FastTextPeerRow {
  const probe = spawnSync('fasttext', [], { encoding: 'utf8' });
  if (probe.error) {
    return {
      name: 'fastText 0.9.2',
      macroF1: Number.NaN,
      microseconds: Number.NaN,
      operations: Number.NaN,
      bytes: Number.NaN,
      trainSeconds: Number.NaN,
      note: 'not installed (apt-get install -y fasttext)',
    };
  }
  const jieba = Jieba.withDict(dict);
  const folder = mkdtempSync(path.join(tmpdir(), 'hotline-fasttext-'));
  const segment = (text: string) =>
    jieba.cut(toSimplified(text), true).filter((word) => word.trim() !== '').join(' ');
  const labelOf = (label: string) => `__label__${label}`;
  const write = (file: string, rows: readonly TrainingExample[], withLabels: boolean) =>
    writeFileSync(
      path.join(folder, file),
      rows.map((row) => `${withLabels ? `${labelOf(row.label)} ` : ''}${segment(row.text)}`).join('\n') + '\n',
    );
  write('train.txt', kept, true);
  write('valid.txt', heldOut, true);
  write('test.txt', test, false);
  writeFileSync(path.join(folder, 'one.txt'), `${segment(test[0]!.text)}\n`);
  const started = performance.now();
  const trained = spawnSync('fasttext', [
    'supervised',
    '-input', path.join(folder, 'train.txt'),
    '-output', path.join(folder, 'model'),
    '-autotune-validation', path.join(folder, 'valid.txt'),
    '-autotune-duration', String(autotuneSeconds),
    '-thread', String(threads),
  ], { stdio: 'ignore', timeout: limitSeconds * 1000 });
  const trainSeconds = (performance.now() - started) / 1000;
  if (trained.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    return {
      name: 'fastText 0.9.2',
      macroF1: Number.NaN,
      microseconds: Number.NaN,
      operations: Number.NaN,
      bytes: Number.NaN,
      trainSeconds,
      note: `training did not finish within ${limitSeconds} s (status ${trained.status}, signal ${trained.signal})`,
    };
  }
  const model = path.join(folder, 'model.bin');
  const predictSeconds = (file: string) => {
    let best = Infinity;
    let output = '';
    for (let pass = 0; pass < 3; pass++) {
      const start = performance.now();
      output = execFileSync('fasttext', ['predict', model, path.join(folder, file)], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      best = Math.min(best, (performance.now() - start) / 1000);
    }
    return { best, output };
  };
  const all = predictSeconds('test.txt');
  const one = predictSeconds('one.txt');
  const predicted = all.output.trim().split('\n').map((line) => line.replace('__label__', ''));
  const args = execFileSync('fasttext', ['dump', model, 'args'], { encoding: 'utf8' });
  const arg = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(args)?.[1] ?? Number.NaN);
  const dim = arg('dim');
  const minn = arg('minn');
  const maxn = arg('maxn');
  const wordNgrams = arg('wordNgrams');
  // Estimated inputs per appeal: words plus the end-of-line token, word
  // n-grams, and each word's character n-grams ("<word>" padded); each
  // input adds a dim-vector, then the output layer is dim × classes.
  let inputs = 0;
  for (const row of test) {
    const words = segment(row.text).split(' ');
    inputs += words.length + 1;
    for (let n = 2; n <= wordNgrams; n++) inputs += Math.max(0, words.length + 1 - n + 1);
    if (maxn > 0) {
      for (const word of words) {
        const length = [...word].length + 2;
        for (let n = minn; n <= maxn; n++) inputs += Math.max(0, length - n + 1);
      }
    }
  }
  const bytes = statSync(model).size;
  rmSync(folder, { recursive: true, force: true });
  return {
    name: 'fastText 0.9.2',
    macroF1: computeMetrics(test.map((row) => row.label), predicted, labels).macroF1,
    microseconds: ((all.best - one.best) * 1e6) / (test.length - 1),
    operations: (inputs / test.length) * dim + dim * labels.length,
    bytes,
    trainSeconds,
    note: `autotune ${autotuneSeconds} s: dim ${dim}, wordNgrams ${wordNgrams}, char ${minn}-${maxn}; µs on segmented text`,
  };
}
