import { describe, expect, it } from 'vitest';
import {
  dequantizeRows,
  quantizeRows,
} from '../../src/model/quantize.ts';
import { QuantizedMoeModel } from '../../src/model/quantized-moe-model.ts';
import { createRandom } from '../../src/model/random.ts';
import { randomDataset, randomModel } from './moe-fixtures.ts';

describe('quantizeRows', () => {
  it('keeps each value within half a step of its row scale', () => {
    const matrix = Float32Array.from([0.5, -1.27, 0.01, 0, 0, 0, 3, 2, -1]);
    const quantized = quantizeRows(matrix, 3, 3);
    expect(quantized.scales[0]).toBeCloseTo(1.27 / 127, 7);
    expect(quantized.scales[1]).toBe(0);
    expect(Array.from(quantized.values.subarray(6))).toEqual([127, 85, -42]);
    const restored = dequantizeRows(quantized);
    for (let i = 0; i < matrix.length; i++) {
      const step = quantized.scales[Math.floor(i / 3)]!;
      expect(Math.abs(restored[i]! - matrix[i]!)).toBeLessThanOrEqual(step / 2 + 1e-7);
    }
  });
});

describe('QuantizedMoeModel', () => {
  // Stated tolerance: the largest logit difference from the float model
  // stays below 2 % of the largest float logit magnitude.
  it.each([1, 2])('stays within 2 percent of float (top-%i)', (topK) => {
    const architecture = {
      buckets: 64,
      dimension: 16,
      experts: 4,
      hidden: 12,
      topK,
      classCount: 5,
      skip: true,
    };
    const model = randomModel(architecture, createRandom(17), 0.5);
    const quantized = QuantizedMoeModel.fromModel(model);
    const data = randomDataset(50, 64, 5, 23);
    const floatLogits = new Float32Array(5);
    const int8Logits = new Float32Array(5);
    let worst = 0;
    let scale = 0;
    for (let row = 0; row < data.size; row++) {
      const start = data.offsets[row]!;
      const end = data.offsets[row + 1]!;
      model.logitsOfRange(data.ids, data.weights, start, end, floatLogits);
      quantized.logitsOfRange(data.ids, data.weights, start, end, int8Logits);
      for (let c = 0; c < 5; c++) {
        worst = Math.max(worst, Math.abs(floatLogits[c]! - int8Logits[c]!));
        scale = Math.max(scale, Math.abs(floatLogits[c]!));
      }
    }
    expect(scale).toBeGreaterThan(0.1);
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.02 * scale);
  });

  it('skips pruned embedding rows', () => {
    const architecture = {
      buckets: 8,
      dimension: 4,
      experts: 0,
      hidden: 0,
      topK: 0,
      classCount: 2,
      skip: true,
    };
    const model = randomModel(architecture, createRandom(2));
    model.embedding.fill(0, 3 * 4, 4 * 4);
    model.refreshLiveRows();
    const quantized = QuantizedMoeModel.fromModel(model);
    const features = { ids: Int32Array.from([3, 5]), weights: Float32Array.from([0.6, 0.8]), count: 2 };
    expect(quantized.operationsFor(features)).toBe(4 + 2 * 4);
    expect(model.operationsFor(features)).toBe(4 + 2 * 4);
  });
});
