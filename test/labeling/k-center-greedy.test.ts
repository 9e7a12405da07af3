import { describe, expect, it } from 'vitest';
import { encodeDataset } from '../../src/model/encoded-dataset.ts';
import { createRandom } from '../../src/model/random.ts';
import { kCenterGreedy } from '../../src/labeling/k-center-greedy.ts';
import { sketchRows } from '../../src/labeling/feature-sketch.ts';
import { selectForReview } from '../../src/labeling/select-for-review.ts';
import { defaultFeatureSettings } from '../../src/text/features.ts';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
}

/** Four tight clusters around the axes of R^4, `perCluster` points each. */
function clusters(perCluster: number): { points: Float32Array[]; cluster: number[] } {
  const random = createRandom(7);
  const points: Float32Array[] = [];
  const cluster: number[] = [];
  for (let c = 0; c < 4; c++) {
    for (let i = 0; i < perCluster; i++) {
      const values = [0, 1, 2, 3].map((d) => (d === c ? 1 : 0) + 0.05 * random());
      points.push(unit(values));
      cluster.push(c);
    }
  }
  return { points, cluster };
}

describe('kCenterGreedy', () => {
  it('covers every cluster first', () => {
    const { points, cluster } = clusters(10);
    const chosen = kCenterGreedy(points, 4);
    expect(new Set(chosen.map((i) => cluster[i])).size).toBe(4);
  });

  it('stays away from covered points', () => {
    const { points, cluster } = clusters(10);
    const covered = [points[0]!, points[10]!];
    const chosen = kCenterGreedy(points, 2, covered);
    expect(chosen.map((i) => cluster[i]).sort()).toEqual([2, 3]);
  });

  it('never picks a point twice', () => {
    const { points } = clusters(3);
    const chosen = kCenterGreedy(points, 20);
    expect(chosen).toHaveLength(12);
    expect(new Set(chosen).size).toBe(12);
  });
});

describe('selectForReview', () => {
  it('prefers uncertain and diverse texts', () => {
    const texts = [
      '小区停水三天了',
      '小区停水三天了没人管',
      '小区停水三天了！',
      '学校乱收费补课费',
      '公交车改线不方便',
      '医院挂号难',
    ];
    const data = encodeDataset(texts, texts.map(() => 0), {
      ...defaultFeatureSettings,
      buckets: 1 << 12,
    });
    const sketches = sketchRows(data, 256);
    // The three near-duplicates are the most uncertain; the last text is
    // certain and should not be picked.
    const probabilities = [
      [0.5, 0.5],
      [0.51, 0.49],
      [0.52, 0.48],
      [0.6, 0.4],
      [0.65, 0.35],
      [0.99, 0.01],
    ];
    const chosen = selectForReview(probabilities, sketches, 3, {
      measure: 'margin',
      poolFactor: 5 / 3,
    });
    expect(chosen[0]).toBe(0);
    expect(chosen).toContain(3);
    expect(chosen).toContain(4);
    expect(chosen).not.toContain(5);
  });

  it('sketches keep cosine roughly', () => {
    const data = encodeDataset(['小区停水三天了', '小区停水三天了没人管', '学校乱收费'], [0, 0, 0], {
      ...defaultFeatureSettings,
      buckets: 1 << 16,
    });
    const [a, b, c] = sketchRows(data, 512);
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeGreaterThan(0.5);
    expect(Math.abs(dot(a!, c!))).toBeLessThan(0.3);
  });
});
