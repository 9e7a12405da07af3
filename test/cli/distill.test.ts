import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './capture.ts';
import { loadStudent } from '../../src/model/model-file.ts';

const directory = mkdtempSync(path.join(tmpdir(), 'hotline-distill-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const water = ['小区停水三天', '水管爆裂漏水', '自来水发黄', '停水没有通知', '水压太低'];
const noise = ['夜间施工噪音', '广场舞太吵', '工地半夜打桩', '酒吧噪音扰民', '装修噪声'];

function goldFile(): string {
  const lines: string[] = [];
  for (let copy = 0; copy < 8; copy++) {
    water.forEach((text) => lines.push(JSON.stringify({ text: `${text}${copy}号楼`, label: '供水' })));
    noise.forEach((text) => lines.push(JSON.stringify({ text: `${text}${copy}号楼`, label: '噪声' })));
  }
  const file = path.join(directory, 'gold.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function teacherFile(): string {
  const rows = [
    { text: '楼里停水了', probabilities: { 供水: 0.9, 噪声: 0.1 } },
    { text: '半夜施工很吵', probabilities: { 噪声: 0.8, 供水: 0.2 } },
    { text: '自来水管漏了', probabilities: { 供水: 0.7, 噪声: 0.2, 其他: 0.1 } },
    { text: 'no probabilities here' },
  ];
  const file = path.join(directory, 'teacher.jsonl');
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return file;
}

describe('hotline distill', () => {
  it('trains on gold and teacher rows', async () => {
    const out = path.join(directory, 'distilled.hlm');
    const output = await runCli([
      'distill', '--data', goldFile(), '--teacher', teacherFile(),
      '--out', out, '--json',
    ]);
    expect(output.code).toBe(0);
    const report = JSON.parse(output.stdout) as Record<string, number>;

    expect(report['teacherRows']).toBe(3);
    expect(report['teacherRowsSkipped']).toBe(1);
    expect(report['teacherAgreement']).toBeGreaterThan(0.5);
    expect(loadStudent(out).predict('楼里又停水了').label).toBe('供水');
  });

  it('rejects an alpha outside 0 to 1', async () => {
    const output = await runCli([
      'distill', '--data', goldFile(), '--teacher', teacherFile(),
      '--out', path.join(directory, 'x.hlm'), '--alpha', '2',
    ]);

    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(/--alpha is the gold-label weight in \[0, 1\], got 2/);
  });
});
