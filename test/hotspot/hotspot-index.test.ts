import { describe, expect, it } from 'vitest';
import type { TopicCluster } from '../../src/hotspot/clusters.ts';
import { rankHotspots } from '../../src/hotspot/hotspot-index.ts';

function cluster(
  id: number,
  callers: number,
  likes: number,
  lastDay: string,
): TopicCluster {
  const times = Array.from(
    { length: callers },
    (_, index) => `2019-${lastDay}T0${index % 10}:00:00`,
  );
  return {
    id,
    terms: ['噪音'],
    label: '噪音',
    place: '丽景花园',
    placeKind: 'estate',
    placeShare: 1,
    appealIds: times.map((_, index) => id * 100 + index),
    count: callers,
    distinctCallers: callers,
    firstAt: times[0] ?? null,
    lastAt: times[times.length - 1] ?? null,
    times,
    likes,
    dislikes: 0,
  };
}

const options = {
  now: '2019-12-31T00:00:00',
  first: '2019-01-01T00:00:00',
  halfLifeDays: 30,
  windowDays: 30,
};

describe('rankHotspots', () => {
  it('puts many callers above a liked pair', () => {
    const many = cluster(1, 15, 0, '11-01');
    const liked = cluster(2, 2, 3000, '12-30');
    const ranked = rankHotspots([liked, many], options);
    expect(ranked.map((hotspot) => hotspot.cluster.id)).toEqual([1, 2]);
  });

  it('damps support on few callers', () => {
    const [scored] = rankHotspots([cluster(2, 2, 3000, '12-30')], options);
    expect(scored?.parts.callerFactor).toBeCloseTo(2 / 3);
    expect(scored?.parts.support).toBeCloseTo(0.5 * Math.log1p(3000) * 0.4);
  });

  it('measures recency against the data span', () => {
    // A year of data gives a half-life of about 91 days, so an appeal
    // 60 days old keeps most of its recency.
    const [scored] = rankHotspots([cluster(1, 5, 0, '11-01')], options);
    expect(scored?.parts.recency).toBeGreaterThan(0.6);
    const [short] = rankHotspots([cluster(1, 5, 0, '11-01')], {
      ...options,
      first: '2019-11-01T00:00:00',
    });
    expect(short?.parts.recency).toBeLessThan(0.3);
  });
});
