import { describe, expect, it } from 'vitest';
import { Featurizer } from '../../src/text/features.ts';

const settings = {
  buckets: 1 << 16,
  charNgramMin: 1,
  charNgramMax: 3,
  sublinearTf: true,
};

function snapshot(featurizer: Featurizer, text: string) {
  const vector = featurizer.featurize(text);
  const map = new Map<number, number>();
  for (let k = 0; k < vector.count; k++) {
    map.set(vector.ids[k]!, vector.weights[k]!);
  }
  return map;
}

describe('Featurizer', () => {
  it('gives unit L2 norm', () => {
    const features = snapshot(new Featurizer(settings), '小区停水三天了');
    let norm = 0;
    for (const weight of features.values()) norm += weight * weight;

    expect(norm).toBeCloseTo(1, 5);
  });

  it('counts unigrams, bigrams and trigrams of one run', () => {
    // 4 characters, one run: 4 + 3 + 2 = 9 n-grams, all distinct here.
    const features = snapshot(new Featurizer(settings), '路灯不亮');

    expect(features.size).toBe(9);
  });

  it('does not cross punctuation', () => {
    const featurizer = new Featurizer(settings);
    const joined = snapshot(featurizer, '停水停电');
    const split = snapshot(featurizer, '停水，停电');

    // 停水停电 has the bigram 水停; the comma removes it and its trigrams.
    expect(joined.size).toBeGreaterThan(split.size);
  });

  it('folds digits and case', () => {
    const featurizer = new Featurizer(settings);
    const a = [...snapshot(featurizer, 'A3区 2019').keys()].sort();
    const b = [...snapshot(featurizer, 'a7区 2020').keys()].sort();

    expect(a).toEqual(b);
  });

  it('is deterministic across instances', () => {
    const a = snapshot(new Featurizer(settings), '噪音扰民严重');
    const b = snapshot(new Featurizer(settings), '噪音扰民严重');

    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('returns no features for punctuation only', () => {
    const vector = new Featurizer(settings).featurize('，。！？ ');

    expect(vector.count).toBe(0);
  });

  it('rejects a bucket count that is not a power of two', () => {
    expect(() => new Featurizer({ ...settings, buckets: 1000 })).toThrow(
      /buckets must be a power of two: 1000/,
    );
  });
});
