import { describe, expect, it } from 'vitest';
import { CompactModel } from '../../src/model/compact-model.ts';
import { decodeStudent } from '../../src/model/model-file.ts';
import { createRandom } from '../../src/model/random.ts';
import { defaultSoftmaxTrainingOptions } from '../../src/model/train-softmax.ts';
import type { TrainingExample } from '../../src/model/training-example.ts';
import { CompactTrial } from '../../src/nas/compact-trial.ts';
import {
  candidateKey,
  mutateCandidate,
  normaliseCandidate,
  sampleCandidate,
  type Candidate,
} from '../../src/nas/search-space.ts';

const classTexts: Array<[string, string[]]> = [
  ['供水', ['小区停水三天', '楼道水管爆裂漏水', '自来水发黄有异味', '停水没有通知']],
  ['噪声', ['夜间施工噪音扰民', '广场舞音响太吵', '工地半夜打桩噪声', '酒吧噪音影响休息']],
  ['交通', ['公交车晚点严重', '路口红绿灯坏了', '出租车拒载乘客', '公交站台没有遮阳']],
];

function rows(copies: number, offset: number): TrainingExample[] {
  const list: TrainingExample[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const [label, texts] of classTexts) {
      texts.forEach((text, i) =>
        list.push({
          text: `${'市民反映'.repeat((copy + offset) % 2)}${text}${'，请尽快处理'.repeat(copy % 3)}`,
          label,
          segmentedOnly: false,
          group: `${label}-${i}-${copy}-${offset}`,
          source: `test:${list.length + 1}`,
        }),
      );
    }
  }
  return list;
}

const compact: Candidate = {
  family: 'compact',
  ngramMax: 3,
  bucketBits: 10,
  fill: 0.8,
  dimension: 0,
  experts: 0,
  hidden: 0,
  topK: 0,
  bits: 8,
  pruneRatio: 0,
};

describe('search space', () => {
  it('zeroes fields the compact family does not use', () => {
    const candidate = normaliseCandidate({ ...compact, dimension: 16, experts: 4, hidden: 8, topK: 2 });
    expect(candidate.dimension).toBe(0);
    expect(candidate.experts).toBe(0);
    expect(candidate.topK).toBe(0);
    expect(candidate.fill).toBe(0.8);
    expect(normaliseCandidate({ ...compact, bits: 32 }).bits).toBe(8);
  });

  it('mutates within the family', () => {
    const random = createRandom(3);
    for (let n = 0; n < 50; n++) {
      const sampled = sampleCandidate(random);
      const mutated = mutateCandidate(sampled, random);
      expect(mutated.family).toBe(sampled.family);
      if (mutated.family === 'compact') expect(mutated.experts).toBe(0);
      else expect(mutated.fill).toBe(0);
    }
  });

  it('keys the two families apart', () => {
    expect(candidateKey(compact)).toBe('compact ng1-3 s10 f0.8 int8 p0');
    expect(candidateKey({ ...compact, family: 'moe', dimension: 8, fill: 0 })).toMatch(/^moe /);
  });
});

describe('CompactTrial', () => {
  const split = { labels: ['交通', '供水', '噪声'], kept: rows(6, 0), heldOut: rows(2, 1) };
  const options = { ...defaultSoftmaxTrainingOptions, ensembleSize: 1, seed: 5, patience: 3 };

  it('resumes training across rungs', () => {
    const trial = new CompactTrial(compact, split, CompactTrial.encode(compact, split), options, 6);
    trial.train(2);
    expect(trial.history).toHaveLength(2);
    trial.train(4);
    expect(trial.history).toHaveLength(4);
    expect(trial.bestEpoch).toBeGreaterThan(0);
  });

  it('measures a working int8 model', () => {
    const trial = new CompactTrial(compact, split, CompactTrial.encode(compact, split), options, 6);
    trial.train(4);
    const { measures, file } = trial.evaluate();
    expect(measures.macroF1).toBeGreaterThan(0.9);
    expect(measures.operations).toBeGreaterThan(0);
    expect(measures.bytes).toBe(file.length);
    const student = decodeStudent(file, 'trial.hlm');
    expect(student.model).toBeInstanceOf(CompactModel);
    expect(student.predict('半夜工地施工噪音太大').label).toBe('噪声');
  });

  it('prunes slots and their probes', () => {
    const encoding = CompactTrial.encode(compact, split);
    const full = new CompactTrial(compact, split, encoding, options, 6);
    const pruned = new CompactTrial({ ...compact, pruneRatio: 0.5 }, split, encoding, options, 6);
    full.train(4);
    pruned.train(4);
    const fullFile = decodeStudent(full.evaluate().file, 'full.hlm').model as CompactModel;
    const prunedFile = decodeStudent(pruned.evaluate().file, 'pruned.hlm').model as CompactModel;
    expect(prunedFile.usedSlots()).toBeLessThan(fullFile.usedSlots() * 0.6);
    expect(prunedFile.usedSlots()).toBeGreaterThan(0);
  });
});
