import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStudent } from '../../src/model/model-file.ts';
import { CompactModel } from '../../src/model/compact-model.ts';
import { runCli } from './capture.ts';

const directory = mkdtempSync(path.join(tmpdir(), 'hotline-train-'));
const data = path.join(directory, 'tiny.jsonl');
const rows: Array<[string, string]> = [
  ['小区停水三天没人管', '供水'], ['夜间施工噪音太大', '噪声'], ['楼道水管爆裂', '供水'],
  ['广场舞音响太吵', '噪声'], ['自来水发黄', '供水'], ['工地半夜打桩', '噪声'],
  ['停水没有通知', '供水'], ['酒吧噪音扰民', '噪声'], ['水压太低', '供水'],
  ['装修噪声周末不停', '噪声'], ['水费收费不合理', '供水'], ['汽车鸣笛噪音', '噪声'],
];
writeFileSync(data, rows.map(([text, label]) => JSON.stringify({ text, label })).join('\n') + '\n');

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('hotline train', () => {
  it('trains the compact kind by default', async () => {
    const out = path.join(directory, 'compact.hlm');
    const output = await runCli(['train', '--data', data, '--out', out, '--validation', '0.3', '--slots', '10']);
    expect(output.code).toBe(0);
    const model = loadStudent(out).model;
    expect(model).toBeInstanceOf(CompactModel);
    expect((model as CompactModel).shape.slotBits).toBe(10);
  });

  it.each([
    [['--kind', 'softmax', '--slots', '12'], /--slots does not apply to --kind softmax/],
    [['--kind', 'softmax', '--fill', '0.5'], /--fill does not apply to --kind softmax/],
    [['--buckets', '18'], /--buckets does not apply to --kind compact/],
    [['--kind', 'nope'], /--kind must be compact or softmax, got "nope"/],
    [['--fill', '2'], /--fill is a share of the slots/],
  ])('rejects %j', async (flags, message) => {
    const output = await runCli(['train', '--data', data, '--out', path.join(directory, 'x.hlm'), ...flags]);
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(message);
  });
});
