import { describe, expect, it } from 'vitest';
import { clusterAppeals, TopicClusterer } from '../../src/hotspot/clusters.ts';
import { rankHotspots } from '../../src/hotspot/hotspot-index.ts';
import { extractPlaces } from '../../src/hotspot/extract-places.ts';
import { readTeddy } from './teddy-data.ts';

// A real slice: every message about two known problems plus 300 others.
const all = readTeddy('att3');
const mixingStation = all.filter((m) => /丽发/.test(m.title) && /搅拌/.test(m.title + m.body));
const parkingBundle = all.filter((m) => /伊景园/.test(m.title));
const others = all.filter((m) => !/丽发|伊景园|滨河苑/.test(m.title + m.body)).slice(0, 300);
const slice = [...mixingStation, ...parkingBundle, ...others];
const inputs = slice.map((m, id) => ({
  id,
  title: m.title,
  body: m.body,
  receivedAt: m.time,
  caller: m.user,
  likes: m.likes,
  dislikes: m.dislikes,
}));
const { clusterer, clusters } = clusterAppeals(inputs);

/** Cluster that holds most of the mixing-station reports. */
function mainMixingCluster(): number {
  const counts = new Map<number, number>();
  mixingStation.forEach((_, id) => {
    const cluster = clusterer.clusterOf(id) as number;
    counts.set(cluster, (counts.get(cluster) ?? 0) + 1);
  });
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

function clusterSizes(ids: number[]): number[] {
  const counts = new Map<number, number>();
  for (const id of ids) {
    const cluster = clusterer.clusterOf(id) as number;
    counts.set(cluster, (counts.get(cluster) ?? 0) + 1);
  }
  return [...counts.values()].sort((a, b) => b - a);
}

describe('clusterAppeals', () => {
  it('joins reworded reports of one problem', () => {
    const ids = mixingStation.map((_, index) => index);
    expect(ids.length).toBeGreaterThan(20);
    // Over half of the mixing-station reports land in one cluster (60 %
    // on this slice; the rest are shorter reports naming other details).
    expect(clusterSizes(ids)[0]).toBeGreaterThan(ids.length * 0.5);
  });

  it('joins same-place reports via the bonus', () => {
    const ids = mixingStation.map((_, index) => index);
    const without = clusterAppeals(inputs, { placeMatchBonus: 0 }).clusterer;
    const largest = (source: TopicClusterer): number => {
      const counts = new Map<number, number>();
      for (const id of ids) {
        const cluster = source.clusterOf(id) as number;
        counts.set(cluster, (counts.get(cluster) ?? 0) + 1);
      }
      return Math.max(...counts.values());
    };
    // The bonus joins reports that name 丽发新城 but share less wording.
    expect(largest(clusterer)).toBeGreaterThan(largest(without) + 5);
  });

  it('keeps two problems apart', () => {
    const first = new Set(mixingStation.map((_, index) => clusterer.clusterOf(index)));
    const offset = mixingStation.length;
    const second = parkingBundle.map((_, index) => clusterer.clusterOf(offset + index));
    expect(second.filter((cluster) => first.has(cluster))).toEqual([]);
  });

  it('does not join unrelated appeals', () => {
    const offset = mixingStation.length + parkingBundle.length;
    const ids = others.map((_, index) => offset + index);
    // Unrelated appeals form mostly singletons; no cluster takes many.
    expect(clusterSizes(ids)[0]).toBeLessThan(10);
  });

  it('labels the cluster with its place and terms', () => {
    const cluster = clusters.find((c) => c.id === mainMixingCluster());
    expect(cluster?.place).toMatch(/丽发新城/);
    expect(cluster?.label).toMatch(/搅拌/);
    expect(cluster?.firstAt! <= cluster?.lastAt!).toBe(true);
  });

  it('ranks the two known problems first', () => {
    const ranked = rankHotspots(clusters, {
      now: '2020-01-26 23:59:59',
      halfLifeDays: 30,
      windowDays: 30,
    });
    const top = ranked.slice(0, 2).map((hotspot) => hotspot.cluster.label).join(' ');
    expect(top).toMatch(/搅拌/);
    expect(top).toMatch(/车位|捆绑/);
  });

  it('adds a new appeal to an existing cluster', () => {
    const before = mainMixingCluster();
    const next = clusterer.add({
      id: 99_999,
      title: '丽发新城小区旁边的搅拌站噪音灰尘扰民',
      body: 'A2区丽发新城小区附近的搅拌站日夜施工，噪音和灰尘严重影响居民生活。',
      receivedAt: '2020-01-27 09:00:00',
      caller: 'u-new',
    });
    expect(next).toBe(before);
  });

  it('rejects a threshold outside (0, 1)', () => {
    expect(() => new TopicClusterer({ threshold: 1.2 })).toThrow(
      /threshold must be a cosine similarity in \(0, 1\), got 1\.2/,
    );
  });
});

describe('extractPlaces', () => {
  it('finds estate, road and district', () => {
    const places = extractPlaces('A5区劳动东路魅力之城小区临街门面长期油烟直排');
    expect(places.map((place) => place.text)).toEqual(['魅力之城小区', '劳动东路', 'A5区']);
  });
});
