import { describe, expect, it } from 'vitest';
import { Featurizer } from '../../src/text/features.ts';
import { SoftmaxModel } from '../../src/model/softmax-model.ts';
import { PackedSoftmaxModel } from '../../src/model/packed-softmax-model.ts';
import { createRandom } from '../../src/model/random.ts';

const settings = {
  buckets: 1 << 12,
  charNgramMin: 1,
  charNgramMax: 3,
  sublinearTf: true,
};

function randomModel(classes: number): SoftmaxModel {
  const random = createRandom(5);
  const model = new SoftmaxModel(settings.buckets, classes);
  for (let i = 0; i < model.weights.length; i++) {
    // Rows of very different magnitude, as after training.
    const row = Math.floor(i / classes);
    model.weights[i] = (random() - 0.5) * (row % 3 === 0 ? 4 : 0.01);
  }
  model.bias.set(Float32Array.from({ length: classes }, (_, c) => c * 0.1));
  return model;
}

describe('PackedSoftmaxModel', () => {
  const texts = ['小区停水三天了', '夜间施工噪音扰民，请尽快处理', '公交车改线后很不方便'];

  it('stays within 1 % of the float logits', () => {
    const float = randomModel(7);
    const packed = PackedSoftmaxModel.fromModel(float);
    const featurizer = new Featurizer(settings);
    const a = new Float32Array(7);
    const b = new Float32Array(7);
    for (const text of texts) {
      const features = featurizer.featurize(text);
      float.logits(features, a);
      packed.logits(features, b);
      let span = 0;
      for (let c = 0; c < 7; c++) span = Math.max(span, Math.abs(a[c]!));
      for (let c = 0; c < 7; c++) {
        // Error per weight is at most half a scale step, and a row's scale
        // is at most 2^(1/8) times max|w| / 127.
        expect(Math.abs(a[c]! - b[c]!)).toBeLessThan(0.01 * span + 1e-6);
      }
    }
  });

  it('keeps zero rows at zero', () => {
    const packed = PackedSoftmaxModel.fromModel(new SoftmaxModel(16, 3));

    expect(packed.rows.every((value) => value === 0)).toBe(true);
  });

  it('rejects more than seven classes', () => {
    expect(() => PackedSoftmaxModel.fromModel(new SoftmaxModel(4, 8))).toThrow(
      /holds up to 7 classes, got 8/,
    );
  });
});
