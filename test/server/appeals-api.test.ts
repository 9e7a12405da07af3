import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

const phone = '15812345678';
/** An 11-digit mobile number standing alone, as masking must never leave. */
const phonePattern = /(?<![\d.])1[3-9]\d{9}(?!\d)/;

describe('appeals API', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ bodyLimitBytes: 4096 });
  });
  afterAll(async () => {
    await api.close();
  });

  it('creates, masks and triages an appeal', async () => {
    const response = await api.call('agent', 'POST', '/api/appeals', {
      title: '小区停水',
      body: `岳麓区洋湖街道某小区停水三天，联系电话${phone}，请尽快处理`,
      caller: phone,
      receivedAt: '2024-05-01 09:30:00',
      externalId: 'W-1',
    });
    expect(response.status).toBe(201);
    expect(response.json.appeal.id).toBeGreaterThan(0);
    expect(response.json.appeal.body).toContain('158****5678');
    expect(response.json.appeal.caller).toBe('158****5678');
    expect(response.json.appeal.receivedAt).toBe('2024-05-01T09:30:00');
    expect(typeof response.json.triage.category).toBe('string');
    expect(response.json.triage.modelVersion).toMatch(/\S/);
    expect(Array.isArray(response.json.nearDuplicates)).toBe(true);
    expect(response.text).not.toMatch(phonePattern);
  });

  it('never stores an unmasked phone number', async () => {
    await api.call('agent', 'POST', '/api/appeals', {
      body: `路灯坏了，回电${phone}`,
      caller: phone,
    });
    const sqlite = api.server.context.store.sqlite;
    if (sqlite === null) throw new Error('expected a SQLite store');
    const tables = ['appeals', 'triage_results', 'audit_log', 'work_order_events'];
    for (const table of tables) {
      const rows = sqlite.prepare(`select * from ${table}`).all();
      expect(JSON.stringify(rows), table).not.toMatch(phonePattern);
    }
  });

  it('returns near-duplicates of a repeated appeal', async () => {
    const body = '芙蓉区五一大道与黄兴路交叉口红绿灯坏了一周，早晚高峰非常拥堵，请尽快修复';
    await api.call('agent', 'POST', '/api/appeals', { title: '红绿灯故障', body });
    const repeat = await api.call('agent', 'POST', '/api/appeals', {
      title: '红绿灯故障',
      body: `${body}。`,
    });
    expect(repeat.status).toBe(201);
    expect(repeat.json.nearDuplicates.length).toBeGreaterThan(0);
    expect(repeat.json.nearDuplicates[0].similarity).toBeGreaterThan(0.5);
  });

  it('rejects the same text twice with 409', async () => {
    const input = { title: '重复', body: '同一条诉求内容只应存一次，第二次提交应当被拒绝' };
    const first = await api.call('agent', 'POST', '/api/appeals', input);
    const second = await api.call('agent', 'POST', '/api/appeals', input);
    expect(second.status).toBe(409);
    expect(second.json.error.message).toMatch(new RegExp(`appeal ${first.json.appeal.id}`));
  });

  it('names the invalid field with 400', async () => {
    const missing = await api.call('agent', 'POST', '/api/appeals', { title: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.path).toBe('body');
    expect(missing.json.error.message).toMatch(/field "body" is invalid/);
    const wrongType = await api.call('agent', 'POST', '/api/appeals', { body: 3 });
    expect(wrongType.json.error.path).toBe('body');
    const badTime = await api.call('agent', 'POST', '/api/appeals', {
      body: '时间不对的诉求',
      receivedAt: 'yesterday-ish',
    });
    expect(badTime.status).toBe(400);
    expect(badTime.json.error.path).toBe('receivedAt');
    expect(badTime.json.error.message).toMatch(/not a time/);
  });

  it('rejects invalid JSON with 400', async () => {
    const response = await api.call('agent', 'POST', '/api/appeals', '{"body": ');
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('invalid_json');
  });

  it('rejects a body over the limit with 413', async () => {
    const response = await api.call('agent', 'POST', '/api/appeals', {
      body: '很'.repeat(3000),
    });
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe('payload_too_large');
    expect(response.json.error.message).toMatch(/larger than 4096 bytes/);
  });

  it('stores valid batch items and reports invalid ones', async () => {
    const response = await api.call('agent', 'POST', '/api/appeals/batch', {
      appeals: [
        { body: '批量一：垃圾清运不及时，小区门口堆满垃圾' },
        { title: 'no body' },
        { body: `批量三：噪音扰民，联系${phone}` },
        { body: 42 },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.json.stored).toBe(2);
    expect(response.json.invalid).toBe(2);
    const invalid = response.json.results.filter((item: any) => item.status === 'invalid');
    expect(invalid.map((item: any) => item.index)).toEqual([1, 3]);
    expect(invalid[0].error.path).toBe('appeals.1.body');
    expect(response.text).not.toMatch(phonePattern);
  });

  it('rejects a batch over 1,000 items', async () => {
    const appeals = Array.from({ length: 1001 }, () => ({ body: 'x' }));
    const big = await startTestServer({ bodyLimitBytes: 1_000_000 });
    try {
      const response = await big.call('agent', 'POST', '/api/appeals/batch', { appeals });
      expect(response.status).toBe(400);
      expect(response.json.error.path).toBe('appeals');
    } finally {
      await big.close();
    }
  });

  it('previews triage without storing', async () => {
    const before = await api.call('agent', 'GET', '/api/appeals?limit=500');
    const response = await api.call('agent', 'POST', '/api/triage/preview', {
      body: '请问新生儿医保怎么办理？需要什么材料？',
    });
    expect(response.status).toBe(200);
    expect(response.json.triage.elements.appealType).toBe('consultation');
    expect(response.json.consultation.status).toMatch(/answered|handed_over|not_covered/);
    const after = await api.call('agent', 'GET', '/api/appeals?limit=500');
    expect(after.json.items.length).toBe(before.json.items.length);
  });

  it('lists with filters and a cursor', async () => {
    const all = await api.call('analyst', 'GET', '/api/appeals?limit=500');
    expect(all.status).toBe(200);
    const total = all.json.items.length;
    expect(total).toBeGreaterThan(3);
    const first = await api.call('analyst', 'GET', '/api/appeals?limit=2');
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await api.call(
      'analyst',
      'GET',
      `/api/appeals?limit=2&cursor=${first.json.nextCursor}`,
    );
    expect(second.json.items[0].id).toBeLessThan(first.json.items[1].id);

    const search = await api.call('analyst', 'GET', `/api/appeals?q=${encodeURIComponent('红绿灯')}`);
    expect(search.json.items.length).toBe(2);
    for (const item of search.json.items) expect(item.title).toBe('红绿灯故障');

    const byDate = await api.call('analyst', 'GET', '/api/appeals?from=2024-05-01&to=2024-05-01');
    expect(byDate.json.items).toHaveLength(1);
    expect(byDate.json.items[0].externalId).toBe('W-1');

    const category = all.json.items[0].category;
    const byCategory = await api.call(
      'analyst',
      'GET',
      `/api/appeals?limit=500&category=${encodeURIComponent(category)}`,
    );
    for (const item of byCategory.json.items) expect(item.category).toBe(category);

    const byDivision = await api.call('analyst', 'GET', `/api/appeals?division=${encodeURIComponent('岳麓区')}`);
    expect(byDivision.json.items.length).toBeGreaterThan(0);
    for (const item of byDivision.json.items) expect(item.divisionPath).toContain('岳麓区');

    const badStatus = await api.call('analyst', 'GET', '/api/appeals?status=lost');
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.error.path).toBe('status');
  });

  it('returns 404 for unknown ids and routes', async () => {
    const unknown = await api.call('agent', 'GET', '/api/appeals/999999');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/appeal 999999 not found/);
    const route = await api.call('agent', 'GET', '/api/nothing-here');
    expect(route.status).toBe(404);
    expect(route.json.error.code).toBe('not_found');
    const badId = await api.call('agent', 'GET', '/api/appeals/abc');
    expect(badId.status).toBe(400);
    expect(badId.json.error.path).toBe('id');
  });

  it('requires credentials', async () => {
    const response = await api.call(null, 'GET', '/api/appeals');
    expect(response.status).toBe(401);
    expect(response.json.error.message).toMatch(/not signed in/);
  });
});
