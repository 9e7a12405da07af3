import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

describe('work orders API', () => {
  let api: TestServer;
  let waterId: number;
  let roadsId: number;

  beforeAll(async () => {
    // Threshold 1 queues every appeal, so the queue test does not depend
    // on how sure the shipped model is about one text.
    api = await startTestServer({ reviewThreshold: 1, timeLimitHours: { default: 1 } });
    const water = await api.call('agent', 'POST', '/api/appeals', {
      title: '停水',
      body: '雨花区某小区今天早上开始停水，没有任何通知',
      receivedAt: '2024-03-01T08:00:00',
    });
    const roads = await api.call('agent', 'POST', '/api/appeals', {
      title: '路面坑洼',
      body: '开福区某路段路面坑洼严重，车辆经过很危险',
    });
    waterId = water.json.appeal.id;
    roadsId = roads.json.appeal.id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('keeps the model output under corrections', async () => {
    const before = await api.call('agent', 'GET', `/api/appeals/${waterId}`);
    const modelCategory = before.json.triage.category;
    const response = await api.call('agent', 'POST', `/api/appeals/${waterId}/corrections`, {
      field: 'category',
      value: '城乡建设',
      note: '回访电话13912345678',
    });
    expect(response.status).toBe(201);
    expect(response.json.appeal.category).toBe('城乡建设');
    expect(response.json.triage.category).toBe(modelCategory);
    expect(response.json.corrections).toHaveLength(1);
    expect(response.json.corrections[0].oldValue).toBe(before.json.appeal.category);
    expect(response.json.corrections[0].actor).toBe('agent');
    expect(response.json.corrections[0].note).toContain('139****5678');

    const second = await api.call('agent', 'POST', `/api/appeals/${waterId}/corrections`, {
      field: 'category',
      value: '环境保护',
    });
    expect(second.json.appeal.category).toBe('环境保护');
    expect(second.json.corrections[1].oldValue).toBe('城乡建设');
    const filtered = await api.call('agent', 'GET', `/api/appeals?category=${encodeURIComponent('环境保护')}`);
    expect(filtered.json.items.map((item: any) => item.id)).toContain(waterId);
  });

  it('rejects an unknown correction field', async () => {
    const response = await api.call('agent', 'POST', `/api/appeals/${waterId}/corrections`, {
      field: 'summary',
      value: 'x',
    });
    expect(response.status).toBe(400);
    expect(response.json.error.path).toBe('field');
  });

  it('runs the life cycle and records every step', async () => {
    const dispatched = await api.call('agent', 'POST', `/api/appeals/${waterId}/dispatch`, {
      department: '交通运输局',
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.json.appeal.status).toBe('dispatched');
    const moved = await api.call('agent', 'POST', `/api/appeals/${waterId}/redispatch`, {
      department: '水务局',
      reason: '属供水问题',
    });
    expect(moved.json.appeal.assignedDepartment).toBe('水务局');
    const replied = await api.call('water', 'POST', `/api/appeals/${waterId}/reply`, {
      text: '已安排抢修，预计今晚恢复供水',
    });
    expect(replied.status).toBe(200);
    expect(replied.json.appeal.status).toBe('replied');
    expect(replied.json.replies).toHaveLength(1);
    const closed = await api.call('agent', 'POST', `/api/appeals/${waterId}/close`);
    expect(closed.json.appeal.status).toBe('closed');
    expect(closed.json.overdue).toBe(false);
    const reopened = await api.call('agent', 'POST', `/api/appeals/${waterId}/reopen`, {
      reason: '市民反映仍未恢复',
    });
    expect(reopened.json.appeal.status).toBe('dispatched');
    expect(reopened.json.overdue).toBe(true);
    const actions = reopened.json.events.map((event: any) => event.action);
    expect(actions).toEqual(['dispatch', 'redispatch', 'reply', 'close', 'reopen']);
    for (const event of reopened.json.events) {
      expect(event.actor).toMatch(/agent|water/);
      expect(event.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
  });

  it('answers an invalid transition with 409 naming the status', async () => {
    const response = await api.call('agent', 'POST', `/api/appeals/${roadsId}/reply`, {
      text: '不应成功',
    });
    expect(response.status).toBe(403);
    const reopen = await api.call('agent', 'POST', `/api/appeals/${roadsId}/reopen`, {
      reason: 'x',
    });
    expect(reopen.status).toBe(409);
    expect(reopen.json.error.message).toMatch(/its status is "new"/);
    const detail = await api.call('agent', 'GET', `/api/appeals/${roadsId}`);
    expect(detail.json.events).toHaveLength(0);
  });

  it('limits a department to its own orders', async () => {
    const own = await api.call('water', 'GET', `/api/appeals/${waterId}`);
    expect(own.status).toBe(200);
    const foreign = await api.call('roads', 'GET', `/api/appeals/${waterId}`);
    expect(foreign.status).toBe(404);
    const undispatched = await api.call('water', 'GET', `/api/appeals/${roadsId}`);
    expect(undispatched.status).toBe(404);
    const list = await api.call('roads', 'GET', '/api/appeals');
    expect(list.json.items).toEqual([]);
    const waterList = await api.call('water', 'GET', '/api/appeals');
    expect(waterList.json.items.map((item: any) => item.id)).toEqual([waterId]);
    const foreignReply = await api.call('roads', 'POST', `/api/appeals/${waterId}/reply`, {
      text: '越权回复',
    });
    expect(foreignReply.status).toBe(404);
    const dispatch = await api.call('water', 'POST', `/api/appeals/${waterId}/dispatch`, {
      department: '水务局',
    });
    expect(dispatch.status).toBe(403);
    const stats = await api.call('water', 'GET', '/api/stats');
    expect(stats.status).toBe(403);
    const create = await api.call('water', 'POST', '/api/appeals', { body: '部门不能创建诉求' });
    expect(create.status).toBe(403);
  });

  it('keeps an analyst read-only', async () => {
    const read = await api.call('analyst', 'GET', `/api/appeals/${waterId}`);
    expect(read.status).toBe(200);
    const correct = await api.call('analyst', 'POST', `/api/appeals/${waterId}/corrections`, {
      field: 'category',
      value: '交通运输',
    });
    expect(correct.status).toBe(403);
    expect(correct.json.error.message).toMatch(/role "analyst" may not perform "appeal:correct"/);
    const create = await api.call('analyst', 'POST', '/api/appeals', { body: '分析员不能创建' });
    expect(create.status).toBe(403);
  });

  it('queues low-confidence appeals until reviewed', async () => {
    const queue = await api.call('agent', 'GET', '/api/review-queue');
    expect(queue.status).toBe(200);
    expect(queue.json.threshold).toBe(1);
    const ids = queue.json.items.map((item: any) => item.id);
    expect(ids).toContain(roadsId);
    const review = await api.call('agent', 'POST', `/api/appeals/${roadsId}/review`, {
      category: '交通运输',
      confirmed: false,
    });
    expect(review.status).toBe(200);
    expect(review.json.appeal.category).toBe('交通运输');
    const after = await api.call('agent', 'GET', '/api/review-queue');
    expect(after.json.items.map((item: any) => item.id)).not.toContain(roadsId);
    const analyst = await api.call('analyst', 'GET', '/api/review-queue');
    expect(analyst.status).toBe(403);
  });

  it('writes an audit entry per change without appeal text', async () => {
    const sqlite = api.server.context.store.sqlite;
    if (sqlite === null) throw new Error('expected a SQLite store');
    const rows = sqlite
      .prepare('select actor, action, target, details from audit_log order by id')
      .all() as { action: string; details: string }[];
    const actions = rows.map((row) => row.action);
    expect(actions).toContain('appeal.create');
    expect(actions).toContain('appeal.correct');
    expect(actions).toContain('appeal.reply');
    expect(actions).toContain('appeal.review');
    expect(JSON.stringify(rows)).not.toMatch(/停水|抢修/);
  });
});
