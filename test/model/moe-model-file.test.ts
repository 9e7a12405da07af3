import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors/index.ts';
import { decodeStudent, encodeStudent } from '../../src/model/model-file.ts';
import { MoeModel } from '../../src/model/moe-model.ts';
import { QuantizedMoeModel } from '../../src/model/quantized-moe-model.ts';
import { createRandom } from '../../src/model/random.ts';
import { Student } from '../../src/model/student.ts';
import type { ClassifierModel } from '../../src/model/classifier-model.ts';
import { randomModel } from './moe-fixtures.ts';

const settings = { buckets: 64, charNgramMin: 1, charNgramMax: 2, sublinearTf: true };
const architecture = {
  buckets: 64,
  dimension: 6,
  experts: 3,
  hidden: 5,
  topK: 2,
  classCount: 3,
  skip: true,
};
const texts = ['路灯坏了请维修', '学校收费不合理', '噪音扰民严重', '社保缴费问题'];

function studentOf(model: ClassifierModel): Student {
  return new Student({
    labels: ['交通', '教育', '环境'],
    settings,
    model,
    temperature: 1.3,
    metadata: { version: 'test', createdAt: '2024-01-01T00:00:00.000Z', training: {}, metrics: {} },
  });
}

/** Rewrites a model file's header as files were written before the mixing field. */
function withoutMixing(bytes: Buffer): Buffer {
  const raw = gunzipSync(bytes);
  const headerLength = raw.readUInt32LE(12);
  const header = JSON.parse(raw.subarray(16, 16 + headerLength).toString('utf8'));
  expect(header.moe.mixing).toBe('gate-probability-top1');
  delete header.moe.mixing;
  const oldHeader = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.from(raw.subarray(0, 16));
  prefix.writeUInt32LE(oldHeader.length, 12);
  return gzipSync(Buffer.concat([prefix, oldHeader, raw.subarray(16 + headerLength)]));
}

describe('MoE model file', () => {
  it('round-trips a float model within int8 precision', () => {
    const model = randomModel(architecture, createRandom(9), 0.5);
    model.embedding.fill(0, 0, 10 * 6);
    model.refreshLiveRows();
    const student = studentOf(model);
    const loaded = decodeStudent(encodeStudent(student), 'moe.hlm');
    expect(loaded.model).toBeInstanceOf(MoeModel);
    expect(loaded.model.kind).toBe('moe');
    expect(loaded.temperature).toBe(1.3);
    expect(loaded.labels).toEqual(student.labels);
    expect((loaded.model as MoeModel).architecture).toEqual(architecture);
    expect((loaded.model as MoeModel).liveRows[0]).toBe(0);
    for (const text of texts) {
      const before = student.logits(text);
      const after = loaded.logits(text);
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(before[c]! - after[c]!)).toBeLessThan(0.05);
      }
    }
  });

  it('round-trips an int8 model exactly', () => {
    const quantized = QuantizedMoeModel.fromModel(
      randomModel(architecture, createRandom(4), 0.5),
    );
    const student = studentOf(quantized);
    const loaded = decodeStudent(encodeStudent(student), 'moe8.hlm');
    expect(loaded.model).toBeInstanceOf(QuantizedMoeModel);
    for (const text of texts) {
      expect(Array.from(loaded.logits(text))).toEqual(Array.from(student.logits(text)));
    }
  });

  it('rejects a top-1 file without mixing', () => {
    const topOne = { ...architecture, topK: 1 };
    const bytes = encodeStudent(studentOf(randomModel(topOne, createRandom(6))));
    expect(decodeStudent(bytes, 'new.hlm').model.kind).toBe('moe');
    const old = withoutMixing(bytes);
    expect(() => decodeStudent(old, 'old.hlm')).toThrow(ModelFormatError);
    expect(() => decodeStudent(old, 'old.hlm')).toThrow(/"old\.hlm".*top-1.*Train it again/);
  });

  it('reads a top-2 file without mixing', () => {
    const bytes = encodeStudent(studentOf(randomModel(architecture, createRandom(6))));
    expect(decodeStudent(withoutMixing(bytes), 'old2.hlm').model.kind).toBe('moe');
  });

  it('rejects a truncated MoE body', () => {
    const bytes = encodeStudent(studentOf(randomModel(architecture, createRandom(5))));
    const raw = gunzipSync(bytes);
    const cut = gzipSync(raw.subarray(0, raw.length - 3));
    expect(() => decodeStudent(cut, 'cut.hlm')).toThrow(/cut\.hlm.*MoE body/);
  });

  it('names the file and kind of an unknown kind', () => {
    const header = Buffer.from(
      JSON.stringify({
        format: 'hotline-student',
        formatVersion: 1,
        kind: 'transformer',
        labels: ['a', 'b'],
        featureSettings: settings,
        temperature: 1,
        metadata: {},
        rows: 0,
      }),
    );
    const prefix = Buffer.alloc(16);
    prefix.write('HLSTUDNT', 0, 'latin1');
    prefix.writeUInt32LE(1, 8);
    prefix.writeUInt32LE(header.length, 12);
    const bytes = gzipSync(Buffer.concat([prefix, header]));
    let caught: unknown;
    try {
      decodeStudent(bytes, 'odd.hlm');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelFormatError);
    expect((caught as ModelFormatError).file).toBe('odd.hlm');
    expect((caught as Error).message).toMatch(/"odd\.hlm".*kind "transformer"/);
  });
});
