import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeStudent,
  loadStudent,
  saveStudent,
} from '../../src/model/model-file.ts';
import { trainStudent } from '../../src/model/train-student.ts';
import type { TrainingExample } from '../../src/model/training-example.ts';

const water = ['小区停水三天', '楼道水管爆裂漏水', '自来水发黄有异味', '停水没有通知'];
const noise = ['夜间施工噪音扰民', '广场舞音响太吵', '工地半夜打桩噪声', '酒吧噪音影响休息'];

function examples(): TrainingExample[] {
  const rows: TrainingExample[] = [];
  for (let copy = 0; copy < 6; copy++) {
    for (const [label, texts] of [
      ['供水', water],
      ['噪声', noise],
    ] as const) {
      texts.forEach((text, i) =>
        rows.push({
          text: `${text}${'，请尽快处理'.repeat(copy % 3)}`,
          label,
          segmentedOnly: false,
          group: `${label}-${i}-${copy}`,
          source: `test:${rows.length + 1}`,
        }),
      );
    }
  }
  return rows;
}

function tinyStudent() {
  return trainStudent(examples(), {
    settings: { buckets: 1 << 12, charNgramMin: 1, charNgramMax: 2, sublinearTf: true },
    training: {
      learningRate: 0.5,
      l2: 1e-6,
      maxEpochs: 5,
      patience: 2,
      warmupEpochs: 0,
      seed: 7,
    },
    validationFraction: 0.25,
    refit: true,
    now: () => new Date('2024-05-17T08:00:00Z'),
  }).student;
}

const folder = mkdtempSync(path.join(tmpdir(), 'hotline-model-'));

describe('model file', () => {
  it('round-trips predictions within int8 tolerance', () => {
    const student = tinyStudent();
    const file = path.join(folder, 'tiny.hlm');
    saveStudent(student, file);
    const loaded = loadStudent(file);
    const text = '我家小区又停水了';

    expect(loaded.labels).toEqual(student.labels);
    expect(loaded.metadata.version).toBe(student.metadata.version);
    expect(loaded.predict(text).label).toBe(student.predict(text).label);
    const a = student.logits(text);
    const b = loaded.logits(text);
    for (let c = 0; c < a.length; c++) {
      expect(Math.abs(a[c]! - b[c]!)).toBeLessThan(0.02);
    }
  });

  it('rejects a file that is not a model', () => {
    const file = path.join(folder, 'notes.hlm');
    writeFileSync(file, 'hello, this is text');

    expect(() => loadStudent(file)).toThrow(
      /notes\.hlm" is not a hotline model file \(it does not start with HLSTUDNT\)/,
    );
  });

  it('rejects a newer format version', () => {
    const file = path.join(folder, 'tiny.hlm');
    const raw = gunzipSync(readFileSync(file));
    raw.writeUInt32LE(99, 8);

    expect(() => decodeStudent(gzipSync(raw), 'future.hlm')).toThrow(
      /"future\.hlm" has format version 99, but this build reads version 1 only/,
    );
  });

  it('rejects a truncated file', () => {
    const file = path.join(folder, 'tiny.hlm');
    const raw = gunzipSync(readFileSync(file));

    expect(() =>
      decodeStudent(gzipSync(raw.subarray(0, raw.length - 5)), 'cut.hlm'),
    ).toThrow(/"cut\.hlm" is truncated or padded/);
  });

  it('names a missing file and the fix', () => {
    expect(() => loadStudent(path.join(folder, 'missing.hlm'))).toThrow(
      /cannot read the model file ".*missing\.hlm".*hotline train/,
    );
  });
});

describe('trainStudent', () => {
  it('learns a separable toy task', () => {
    const student = tinyStudent();

    expect(student.predict('楼上漏水，水管坏了').label).toBe('供水');
    expect(student.predict('深夜施工太吵了').label).toBe('噪声');
  });

  it('is repeatable with the same seed', () => {
    const a = tinyStudent().logits('停水');
    const b = tinyStudent().logits('停水');

    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('rejects data with a single label', () => {
    const rows = examples().filter((row) => row.label === '供水');

    expect(() =>
      trainStudent(rows, {
        settings: { buckets: 1 << 10, charNgramMin: 1, charNgramMax: 2, sublinearTf: true },
        training: { learningRate: 0.5, l2: 0, maxEpochs: 1, patience: 1, warmupEpochs: 0, seed: 1 },
        validationFraction: 0.2,
        refit: false,
      }),
    ).toThrow(/training data has 1 distinct label\(s\)/);
  });
});
