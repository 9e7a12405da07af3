import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture.ts';
import { repoRoot, sharedData } from '../helpers/paths.ts';

// End-to-end checks with the shipped model on real data: the run accounts
// for every row of every labelled and unlabelled message file, and the
// model keeps its held-out quality.

const directory = mkdtempSync(path.join(tmpdir(), 'hotline-real-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const files = [
  'att2_train.jsonl',
  'att3_hotspot.jsonl',
  'att4_replies.jsonl',
  'testdata_unlabeled.jsonl',
].map((name) => sharedData('teddy2020_c', name));

function lineCount(file: string): number {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '').length;
}

describe('hotline run on every message file', () => {
  it('accounts for every row and the totals add up', async () => {
    const database = path.join(directory, 'all.db');
    const output = await runCli([
      'run',
      ...files,
      '--db',
      database,
      '--report',
      path.join(directory, 'report.html'),
      '--json',
    ]);
    expect(output.code).toBe(0);
    const summary = JSON.parse(output.stdout) as {
      rows: number;
      stored: number;
      duplicates: number;
      rejected: number;
      files: Array<{ rows: number; stored: number; duplicates: number; rejected: number }>;
    };

    const expectedRows = files.reduce((sum, file) => sum + lineCount(file), 0);
    expect(summary.rows).toBe(expectedRows);
    expect(summary.stored + summary.duplicates + summary.rejected).toBe(
      summary.rows,
    );
    summary.files.forEach((file, i) => {
      expect(file.rows).toBe(lineCount(files[i]!));
      expect(file.stored + file.duplicates + file.rejected).toBe(file.rows);
    });
    // The labelled file's segmented-only rows are rejects with a reason.
    expect(summary.files[0]!.rejected).toBe(4671);
  }, 600_000);
});

describe('shipped model quality', () => {
  it('reaches macro-F1 0.89 on held-out raw text', async () => {
    const output = await runCli([
      'eval',
      '--data',
      path.join(repoRoot, 'data/teddy/holdout.jsonl.gz'),
      '--json',
    ]);
    expect(output.code).toBe(0);
    const result = JSON.parse(output.stdout) as {
      n: number;
      accuracy: number;
      macroF1: number;
    };

    expect(result.n).toBe(451);
    // NOTE: the gate sits one point under the measured score so that a
    // retrained model with another seed still passes; see the benchmark
    // page for the exact figure.
    expect(result.macroF1).toBeGreaterThanOrEqual(0.89);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.89);
  }, 120_000);
});
