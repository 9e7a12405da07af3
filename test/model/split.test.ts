import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/model/random.ts';
import { splitExamples } from '../../src/model/split.ts';
import type { TrainingExample } from '../../src/model/training-example.ts';

function row(label: string, group: string, segmentedOnly = false): TrainingExample {
  return { text: group, label, segmentedOnly, group, source: group };
}

describe('splitExamples', () => {
  const rows: TrainingExample[] = [];
  for (let i = 0; i < 50; i++) rows.push(row('a', `a${i}`));
  for (let i = 0; i < 30; i++) rows.push(row('b', `b${i}`));
  // Two copies of one text share a group.
  rows.push(row('a', 'dup'), row('a', 'dup'));
  for (let i = 0; i < 20; i++) rows.push(row('b', `s${i}`, true));

  it('stratifies by label', () => {
    const { heldOut } = splitExamples(rows, 0.2, createRandom(1), (e) => !e.segmentedOnly);
    const count = (label: string) => heldOut.filter((e) => e.label === label).length;

    expect(count('b')).toBe(6);
    expect(count('a')).toBeGreaterThanOrEqual(10);
    expect(count('a')).toBeLessThanOrEqual(12);
  });

  it('keeps a group on one side', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { kept, heldOut } = splitExamples(rows, 0.3, createRandom(seed));
      const inKept = kept.filter((e) => e.group === 'dup').length;
      const inHeldOut = heldOut.filter((e) => e.group === 'dup').length;

      expect([inKept, inHeldOut].sort()).toEqual([0, 2]);
    }
  });

  it('never holds out ineligible rows', () => {
    const { heldOut } = splitExamples(rows, 0.5, createRandom(3), (e) => !e.segmentedOnly);

    expect(heldOut.some((e) => e.segmentedOnly)).toBe(false);
  });
});
