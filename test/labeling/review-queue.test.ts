import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labelingDb } from '../../src/labeling/labeling-tables.ts';
import { ReviewQueue } from '../../src/labeling/review-queue.ts';
import { createRandom } from '../../src/model/random.ts';
import { openStore, type Store } from '../../src/store/database.ts';

let folder: string;
let store: Store;
let queue: ReviewQueue;
const clock = () => new Date('2024-05-01T08:00:00Z');

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'hotline-review-'));
  store = await openStore(path.join(folder, 'review.db'));
  queue = new ReviewQueue(labelingDb(store), clock);
});
afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

const candidates = [
  { key: 'a', text: '停水', suggestedLabel: '城乡建设', uncertainty: 0.4 },
  { key: 'b', text: '学费', suggestedLabel: '教育文体', uncertainty: 0.9 },
  { key: 'c', text: '噪音', suggestedLabel: null, uncertainty: 0.6 },
];

describe('ReviewQueue', () => {
  it('serves the most uncertain item first', async () => {
    await queue.enqueue(candidates, { doubleShare: 0, random: createRandom(1) });
    const first = await queue.next('li');
    expect(first?.key).toBe('b');
    await queue.label(first!.id, '教育文体', 'li');
    expect((await queue.next('li'))?.key).toBe('c');
  });

  it('skips re-enqueued keys', async () => {
    await queue.enqueue(candidates, { doubleShare: 0, random: createRandom(1) });
    const again = await queue.enqueue(candidates, { doubleShare: 0, random: createRandom(1) });
    expect(again.added).toBe(0);
    expect(again.batch).toBe(2);
  });

  it('hides skipped items from that expert only', async () => {
    await queue.enqueue(candidates.slice(0, 1), { doubleShare: 0, random: createRandom(1) });
    const item = (await queue.next('li'))!;
    await queue.skip(item.id, 'li', '看不懂');
    expect(await queue.next('li')).toBeNull();
    expect((await queue.next('wang'))?.id).toBe(item.id);
    expect((await queue.stats()).skips).toBe(1);
  });

  it('sends the double sample to two experts', async () => {
    await queue.enqueue(candidates, { doubleShare: 1, random: createRandom(1) });
    const item = (await queue.next('li'))!;
    expect(item.reviewsNeeded).toBe(2);
    const afterOne = await queue.label(item.id, '教育文体', 'li');
    expect(afterOne.status).toBe('pending');
    expect((await queue.next('li'))?.id).not.toBe(item.id);
    expect((await queue.next('wang'))?.id).toBe(item.id);
    const afterTwo = await queue.label(item.id, '教育文体', 'wang');
    expect(afterTwo.status).toBe('done');
  });

  it('reports kappa over double reviews', async () => {
    await queue.enqueue(candidates, { doubleShare: 1, random: createRandom(1) });
    const labels: Record<string, [string, string]> = {
      a: ['城乡建设', '城乡建设'],
      b: ['教育文体', '教育文体'],
      c: ['环境保护', '城乡建设'],
    };
    for (let round = 0; round < 3; round++) {
      const item = (await queue.next('li'))!;
      const [first, second] = labels[item.key]!;
      await queue.label(item.id, first, 'li');
      await queue.label(item.id, second, 'wang');
    }
    await queue.comment(1, 'wang', '类别有争议');
    const stats = await queue.stats();
    expect(stats.done).toBe(3);
    expect(stats.labels).toBe(6);
    expect(stats.comments).toBe(1);
    expect(stats.perExpert).toEqual({ li: 3, wang: 3 });
    // Observed 2/3; li: 城乡 1/3, 教育 1/3, 环境 1/3; wang: 城乡 2/3,
    // 教育 1/3; chance = 2/9 + 1/9 = 1/3; kappa = (2/3 − 1/3) / (2/3).
    expect(stats.agreement.items).toBe(3);
    expect(stats.agreement.kappa).toBeCloseTo(0.5, 12);
    const reviewed = await queue.reviewed();
    expect(reviewed.map((entry) => entry.item.key).sort()).toEqual(['a', 'b']);
  });

  it('rejects an unknown item', async () => {
    await expect(queue.label(99, '教育文体', 'li')).rejects.toThrow(
      /review item 99 does not exist/,
    );
  });

  it('rejects a double share above 1', async () => {
    await expect(
      queue.enqueue(candidates, { doubleShare: 1.5, random: createRandom(1) }),
    ).rejects.toThrow(/--double-share .* got 1\.5/);
  });
});
