import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './capture.ts';
import { saveStudent } from '../../src/model/model-file.ts';
import { examples, routedByCharacter } from '../model/expert-fixtures.ts';

const directory = mkdtempSync(path.join(tmpdir(), 'hotline-eval-experts-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function files(): { model: string; data: string } {
  const model = path.join(directory, 'moe.hlm');
  saveStudent(routedByCharacter(), model);
  const data = path.join(directory, 'appeals.jsonl');
  writeFileSync(data, examples.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return { model, data };
}

describe('hotline eval --experts', () => {
  it('prints shares and specialisation', async () => {
    const { model, data } = files();
    const output = await runCli(['eval', '--experts', '--model', model, '--data', data]);
    expect(output.code).toBe(0);
    expect(output.stdout).toContain('experts: 2');
    expect(output.stdout).toMatch(/\n\s+0\s+37\.5 % \(6\)/);
    expect(output.stdout).toMatch(/expert 0\n\s+categories:\s+X ×2\.7 \(6\)/);
    expect(output.stdout).toMatch(/expert 1\n\s+categories:\s+Y ×1\.6 \(10\)/);
  });

  it('prints JSON with --json', async () => {
    const { model, data } = files();
    const output = await runCli(['eval', '--experts', '--json', '--model', model, '--data', data]);
    expect(output.code).toBe(0);
    const report = JSON.parse(output.stdout) as { profiles: Array<{ routed: number }> };
    expect(report.profiles.map((profile) => profile.routed)).toEqual([6, 10]);
  });

  it('rejects a softmax model', async () => {
    const { data } = files();
    const output = await runCli(['eval', '--experts', '--model', 'models/default.hlm', '--data', data]);
    expect(output.code).not.toBe(0);
    expect(output.stderr).toMatch(/has no experts/);
  });
});
