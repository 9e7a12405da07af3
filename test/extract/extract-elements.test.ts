import { describe, expect, it } from 'vitest';
import { extractElements } from '../../src/extract/index.ts';

const now = new Date('2024-05-17T16:00:00+08:00');

describe('extractElements', () => {
  it('combines title and body', () => {
    const title = '投诉A3区洋湖街道工地夜间施工';
    const body = '本周一开始，晚上10点后工地还在打桩，地点在联丰路。';
    const elements = extractElements(title, body, { now });
    expect(elements.division?.path).toEqual(['A市', 'A3区']);
    expect(elements.division?.town?.name).toBe('洋湖街道');
    expect(elements.appealType).toBe('complaint');
    expect(elements.appealTypeReason).toMatch(/投诉/);
    expect(elements.times.map((t) => t.from)).toEqual([
      '2024-05-13T00:00:00',
      '2024-05-17T22:00:00',
    ]);
    expect(elements.times.every((t) => t.field === 'body')).toBe(true);
  });

  it('gives division spans in their own field', () => {
    const title = '湖南省邵阳县';
    const body = '塘渡口镇的路灯坏了';
    const elements = extractElements(title, body, { now });
    expect(elements.division?.code).toBe('430523');
    const divisions = elements.locations.filter((l) => l.kind === 'division');
    for (const span of divisions) {
      const source = span.field === 'title' ? title : body;
      expect(source.slice(span.start, span.end)).toBe(span.text);
    }
    expect(divisions.map((span) => span.field)).toEqual([
      'title',
      'title',
      'body',
    ]);
  });

  it('handles empty input', () => {
    const elements = extractElements('', '', { now });
    expect(elements).toEqual({
      locations: [],
      division: null,
      times: [],
      appealType: 'complaint',
      appealTypeReason: 'no cue phrase; complaint is the default',
    });
  });

  it('turns off the home province', () => {
    const elements = extractElements('A3区洋湖街道', '', {
      now,
      homeProvinceCode: null,
    });
    expect(elements.division?.town).toBeUndefined();
  });
});
