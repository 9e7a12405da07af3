import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelingDb } from '../../src/labeling/labeling-tables.ts';
import { ReviewQueue } from '../../src/labeling/review-queue.ts';
import { saveStudent } from '../../src/model/model-file.ts';
import { createRandom } from '../../src/model/random.ts';
import { trainStudent } from '../../src/model/train-student.ts';
import { defaultSoftmaxTrainingOptions } from '../../src/model/train-softmax.ts';
import type { TrainingExample } from '../../src/model/training-example.ts';
import { openStore } from '../../src/store/database.ts';
import { defaultFeatureSettings } from '../../src/text/features.ts';
import { runCli } from '../cli/capture.ts';

let folder: string;
let db: string;

const words: Record<string, string[]> = {
  交通运输: ['公交', '地铁', '红绿灯', '车站', '拥堵'],
  教育文体: ['学校', '老师', '学位', '补课', '校车'],
};

function examples(count: number): TrainingExample[] {
  const random = createRandom(5);
  return Array.from({ length: count }, (_, i) => {
    const label = i % 2 === 0 ? '交通运输' : '教育文体';
    const own = words[label]!;
    const text = Array.from({ length: 4 }, () => own[Math.floor(random() * own.length)]!).join('，');
    return { text, label, segmentedOnly: false, group: `row:${i}`, source: `s:${i + 1}` };
  });
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'hotline-labeling-cli-'));
  db = path.join(folder, 'review.db');
  const store = await openStore(db);
  await new ReviewQueue(labelingDb(store)).enqueue(
    [
      { key: 'a', text: '公交改线', suggestedLabel: '交通运输', uncertainty: 0.8 },
      { key: 'b', text: '学校收费', suggestedLabel: '教育文体', uncertainty: 0.3 },
    ],
    { doubleShare: 1, random: createRandom(1) },
  );
  await store.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('hotline review', () => {
  it('labels, skips and reports kappa', async () => {
    const next = await runCli(['review', 'next', '--expert', 'li', '--db', db, '--json']);
    expect(next.code).toBe(0);
    const item = JSON.parse(next.stdout) as { id: number; key: string };
    expect(item.key).toBe('a');
    const labelled = await runCli(['review', 'label', String(item.id), '交通运输', '--expert', 'li', '--db', db]);
    expect(labelled.stdout).toMatch(/labelled 1 as 交通运输 \(pending\)/);
    await runCli(['review', 'label', String(item.id), '交通运输', '--expert', 'wang', '--db', db]);
    await runCli(['review', 'label', '2', '教育文体', '--expert', 'li', '--db', db]);
    await runCli(['review', 'label', '2', '交通运输', '--expert', 'wang', '--db', db]);
    const skipped = await runCli(['review', 'skip', '2', '--expert', 'zhao', '--reason', '不确定', '--db', db]);
    expect(skipped.code).toBe(0);
    const stats = await runCli(['review', 'stats', '--db', db, '--json']);
    const parsed = JSON.parse(stats.stdout) as {
      done: number;
      skips: number;
      agreement: { items: number; kappa: number };
    };
    expect(parsed.done).toBe(2);
    expect(parsed.skips).toBe(1);
    expect(parsed.agreement.items).toBe(2);
    // li: 交通 1/2, 教育 1/2; wang: 交通 2/2; observed 1/2, chance 1/2.
    expect(parsed.agreement.kappa).toBeCloseTo(0, 12);
    const text = await runCli(['review', 'stats', '--db', db]);
    expect(text.stdout).toMatch(/^kappa: +0\.000 over 2 double-reviewed items/m);
  });

  it('rejects an unknown item', async () => {
    const output = await runCli(['review', 'label', '42', '交通运输', '--expert', 'li', '--db', db]);
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(/review item 42 does not exist/);
  });
});

describe('hotline labels audit', () => {
  it('flags a flipped row', async () => {
    const rows = examples(40);
    rows[5] = { ...rows[5]!, label: '交通运输' };
    const file = path.join(folder, 'audit.jsonl');
    writeFileSync(file, rows.map((row) => JSON.stringify({ text: row.text, label: row.label })).join('\n'));
    const output = await runCli(['labels', 'audit', '--data', file, '--folds', '4', '--buckets', '12', '--json']);
    expect(output.code).toBe(0);
    const report = JSON.parse(output.stdout) as { findings: Array<{ source: string; suggestedLabel: string }> };
    const flipped = report.findings.find((finding) => finding.source === 'audit.jsonl:6');
    expect(flipped?.suggestedLabel).toBe('教育文体');
  });
});

describe('hotline cascade fit', () => {
  it('fits thresholds on reviewed appeals', async () => {
    const { student } = trainStudent(examples(60), {
      settings: { ...defaultFeatureSettings, buckets: 1 << 12 },
      training: { ...defaultSoftmaxTrainingOptions, maxEpochs: 5 },
      validationFraction: 0.2,
      refit: false,
    });
    const model = path.join(folder, 'student.bin');
    saveStudent(student, model);
    const reviewed = examples(30).map((row, i) => ({
      text: i % 5 === 0 ? '电话咨询' : row.text,
      label: row.label,
      probabilities:
        row.label === '交通运输'
          ? { 交通运输: 0.9, 教育文体: 0.1 }
          : { 交通运输: 0.1, 教育文体: 0.9 },
    }));
    const file = path.join(folder, 'reviewed.jsonl');
    writeFileSync(file, reviewed.map((row) => JSON.stringify(row)).join('\n'));
    const output = await runCli(['cascade', 'fit', '--data', file, '--model', model, '--target', '0.95', '--json']);
    expect(output.code).toBe(0);
    const fit = JSON.parse(output.stdout) as { items: number; best: { accuracy: number; cost: number } };
    expect(fit.items).toBe(30);
    expect(fit.best.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(fit.best.cost).toBeLessThan(20);
  });

  it('rejects rows without teacher probabilities', async () => {
    const file = path.join(folder, 'bad.jsonl');
    writeFileSync(file, JSON.stringify({ text: '公交', label: '交通运输' }));
    const model = path.join(folder, 'student.bin');
    const output = await runCli(['cascade', 'fit', '--data', file, '--model', model]);
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(/line 1 of ".*bad\.jsonl" lacks "label", "text" or the teacher "probabilities"/);
  });
});
