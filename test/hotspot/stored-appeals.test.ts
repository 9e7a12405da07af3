import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractElements } from '../../src/extract/index.ts';
import { readStoredAppeals } from '../../src/hotspot/stored-appeals.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import type { Elements } from '../../src/triage/triage-result.ts';

let directory: string;
let store: Store;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'hotline-stored-appeals-'));
  store = await openStore(path.join(directory, 'test.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

async function insert(
  title: string,
  body: string,
  elements: Elements | null,
): Promise<number> {
  const row = await store.db
    .insertInto('appeals')
    .values({
      content_hash: title,
      external_id: null,
      title,
      body,
      received_at: '2019-05-01 10:00:00',
      caller: null,
      recorded_category: null,
      extra: '{}',
      mask_spans: '[]',
      warnings: '[]',
      source_kind: 'file',
      source_name: 'test',
      source_row: 1,
      run_id: null,
      created_at: '2020-01-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (elements !== null) {
    await store.db
      .insertInto('triage_results')
      .values({
        appeal_id: row.id,
        category: '城乡建设',
        confidence: 0.9,
        scores: '[]',
        appeal_type: elements.appealType,
        division_code: elements.division?.code ?? null,
        division_path: JSON.stringify(elements.division?.path ?? null),
        elements: JSON.stringify(elements),
        departments: '[]',
        summary: '',
        model_version: 'test',
        created_at: '2020-01-01T00:00:00Z',
      })
      .execute();
  }
  return row.id;
}

describe('readStoredAppeals places', () => {
  it('uses triage locations and division', async () => {
    const title = 'A3区洋湖街道丽景花园3栋电梯故障';
    const body = '丽景花园3栋2单元电梯经常停运，位于潇湘南路旁，请尽快维修。';
    const elements = extractElements(title, body, {
      now: new Date('2019-05-01T10:00:00+08:00'),
    });
    await insert(title, body, elements);
    const [appeal] = await readStoredAppeals(store);
    const places = appeal?.places ?? [];
    const texts = places.map((place) => place.text);
    expect(texts).toContain('丽景花园');
    expect(texts).toContain('潇湘南路');
    expect(texts).toContain('A3区');
    expect(places.find((place) => place.text === '洋湖街道')?.kind).toBe(
      'street',
    );
    // Buildings repeat across estates and are not places.
    expect(texts.some((text) => text.includes('栋'))).toBe(false);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('keeps an empty list from triage', async () => {
    const title = '咨询社保缴费';
    const body = '请问灵活就业人员怎么缴纳养老保险？';
    const elements = extractElements(title, body, {
      now: new Date('2019-05-01T10:00:00+08:00'),
    });
    expect(elements.locations).toHaveLength(0);
    await insert(title, body, elements);
    const [appeal] = await readStoredAppeals(store);
    expect(appeal?.places).toEqual([]);
  });

  it('leaves places to the regex without triage', async () => {
    await insert('丽景花园停水', '丽景花园昨天停水一整天。', null);
    const [appeal] = await readStoredAppeals(store);
    expect(appeal?.places).toBeNull();
  });
});
