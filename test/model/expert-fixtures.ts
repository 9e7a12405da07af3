import { MoeModel } from '../../src/model/moe-model.ts';
import { Student } from '../../src/model/student.ts';
import { Featurizer, type FeatureSettings } from '../../src/text/features.ts';

export const settings: FeatureSettings = {
  buckets: 1 << 12,
  charNgramMin: 1,
  charNgramMax: 1,
  sublinearTf: true,
};

export const metadata = { version: 'test', createdAt: '2026-01-01T00:00:00Z', training: {}, metrics: {} };

/**
 * Builds a two-expert student whose only non-zero embedding row is the
 * character 甲. The gate sends appeals with 甲 to expert 0 and, because
 * its bias is higher, every other appeal to expert 1.
 */
export function routedByCharacter(): Student {
  const model = new MoeModel({
    buckets: settings.buckets,
    dimension: 2,
    experts: 2,
    hidden: 2,
    topK: 1,
    classCount: 2,
    skip: true,
  });
  const id = new Featurizer(settings).featurize('甲').ids[0]!;
  model.embedding[id * 2] = 5;
  model.gateWeights.set([1, 0, -1, 0]);
  model.gateBias.set([0, 0.5]);
  model.refreshLiveRows();
  return new Student({ labels: ['X', 'Y'], settings, model, temperature: 1, metadata });
}

// 甲 appeals: category X, in A7县, asking (请问 … 吗？); the others:
// category Y, in B市, complaining.
export const examples = [
  ...Array.from({ length: 6 }, (_, i) => ({
    text: `请问A市A7县的甲项目第${i}期什么时候开工吗？`,
    label: 'X',
  })),
  { text: '请问A市A7县的路灯什么时候修吗？', label: 'Y' },
  ...Array.from({ length: 9 }, (_, i) => ({
    text: `B市某工地夜间施工扰民，第${i}次了，要求尽快处理。`,
    label: 'Y',
  })),
];
