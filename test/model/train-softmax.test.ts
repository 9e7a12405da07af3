import { describe, expect, it } from 'vitest';
import { encodeDataset } from '../../src/model/encoded-dataset.ts';
import {
  averageModels,
  computeClassWeights,
  learningRateScale,
  logitsOf,
  trainSoftmax,
  type SoftmaxTrainingOptions,
} from '../../src/model/train-softmax.ts';
import { SoftmaxModel } from '../../src/model/softmax-model.ts';
import { pruneSoftmaxRows } from '../../src/model/prune-softmax.ts';

const settings = {
  buckets: 1 << 10,
  charNgramMin: 1,
  charNgramMax: 2,
  sublinearTf: true,
};
const texts = ['停水三天', '水管漏水', '夜间噪音', '施工太吵', '自来水停了', '音响噪声'];
const targets = [0, 0, 1, 1, 0, 1];
const options: SoftmaxTrainingOptions = {
  learningRate: 0.5,
  l2: 0,
  maxEpochs: 3,
  patience: 2,
  warmupEpochs: 0,
  seed: 11,
  fixedEpochs: 3,
};

describe('trainSoftmax', () => {
  const data = encodeDataset(texts, targets, settings);

  it('fits its training data', () => {
    const { model } = trainSoftmax(data, null, settings.buckets, 2, options);
    const out = new Float32Array(2);
    for (let row = 0; row < data.size; row++) {
      logitsOf(model, data, row, out);
      const predicted = out[1]! > out[0]! ? 1 : 0;

      expect(predicted).toBe(targets[row]);
    }
  });

  it('averages an ensemble into one model of the same size', () => {
    const single = trainSoftmax(data, null, settings.buckets, 2, options);
    const ensemble = trainSoftmax(data, null, settings.buckets, 2, {
      ...options,
      ensembleSize: 3,
    });

    expect(ensemble.model.weights.length).toBe(single.model.weights.length);
    expect(Array.from(ensemble.model.weights)).not.toEqual(
      Array.from(single.model.weights),
    );
  });
});

describe('averageModels', () => {
  it('averages weights and biases element by element', () => {
    const a = new SoftmaxModel(2, 2, Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 0));
    const b = new SoftmaxModel(2, 2, Float32Array.of(3, 2, 1, 0), Float32Array.of(0, 1));
    const average = averageModels([a, b]);

    expect(Array.from(average.weights)).toEqual([2, 2, 2, 2]);
    expect(Array.from(average.bias)).toEqual([0.5, 0.5]);
  });
});

describe('computeClassWeights', () => {
  it('weighs a rare class up by the square root of the ratio', () => {
    // Class 0 has 3 rows, class 1 has 1; mean count is 2.
    const weights = computeClassWeights(Int32Array.of(0, 0, 0, 1), 2, 0.5);

    expect(weights[0]).toBeCloseTo(Math.sqrt(2 / 3), 6);
    expect(weights[1]).toBeCloseTo(Math.sqrt(2), 6);
  });
});

describe('learningRateScale', () => {
  it('warms up, then decays by cosine to 10 %', () => {
    expect(learningRateScale(0, 1, 10)).toBeCloseTo(0.5, 10);
    expect(learningRateScale(1, 1, 10)).toBeCloseTo(1, 10);
    expect(learningRateScale(10, 1, 10)).toBeCloseTo(0.1, 10);
  });
});

describe('pruneSoftmaxRows', () => {
  it('removes the rows with the smallest norm', () => {
    const model = new SoftmaxModel(
      4,
      2,
      Float32Array.of(0.1, 0, 3, 4, 0, 0, 1, 1),
    );
    const kept = pruneSoftmaxRows(model, 0.5);

    // Three non-zero rows (norms 0.1, 5 and 1.41): half rounds down to one.
    expect(kept).toBe(2);
    expect(Array.from(model.weights)).toEqual([0, 0, 3, 4, 0, 0, 1, 1]);
  });

  it('rejects a ratio of 1', () => {
    const model = new SoftmaxModel(2, 2);

    expect(() => pruneSoftmaxRows(model, 1)).toThrow(
      /prune ratio must be in \[0, 1\), got 1/,
    );
  });
});
