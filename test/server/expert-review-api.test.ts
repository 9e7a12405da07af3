import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelingDb } from '../../src/labeling/labeling-tables.ts';
import { ReviewQueue, type ReviewCandidate } from '../../src/labeling/review-queue.ts';
import { createRandom } from '../../src/model/random.ts';
import { startTestServer, type TestServer } from './test-server.ts';

function candidate(key: string, uncertainty: number): ReviewCandidate {
  return { key, text: `诉求${key}：小区路灯不亮`, suggestedLabel: '城乡建设', uncertainty };
}

describe('expert review API', () => {
  let api: TestServer;

  /** Looks up a queued item's id by its key. */
  async function idOf(key: string): Promise<number> {
    const row = await labelingDb(api.server.context.store)
      .selectFrom('review_items')
      .select('id')
      .where('appeal_key', '=', key)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    api = await startTestServer();
    const queue = new ReviewQueue(labelingDb(api.server.context.store));
    await queue.enqueue([candidate('s1', 0.9), candidate('s2', 0.8), candidate('s3', 0.7)], {
      doubleShare: 0,
      random: createRandom(1),
    });
    await queue.enqueue([candidate('d1', 0.6), candidate('d2', 0.5)], {
      doubleShare: 1,
      random: createRandom(1),
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('next moves on after a label', async () => {
    const first = await api.call('agent', 'GET', '/api/expert-review/next');
    expect(first.status).toBe(200);
    expect(first.json.item.key).toBe('s1');
    expect(first.json.item.suggestedLabel).toBe('城乡建设');
    const labelled = await api.call(
      'agent',
      'POST',
      `/api/expert-review/items/${first.json.item.id}/label`,
      { label: '城乡建设' },
    );
    expect(labelled.status).toBe(200);
    expect(labelled.json.item.status).toBe('done');
    const second = await api.call('agent', 'GET', '/api/expert-review/next');
    expect(second.json.item.key).toBe('s2');
  });

  it('skip hides item from skipper only', async () => {
    const id = await idOf('s2');
    const skipped = await api.call('agent', 'POST', `/api/expert-review/items/${id}/skip`, {
      reason: '看不懂',
    });
    expect(skipped.status).toBe(200);
    const agentNext = await api.call('agent', 'GET', '/api/expert-review/next');
    expect(agentNext.json.item.key).toBe('s3');
    const adminNext = await api.call('admin', 'GET', '/api/expert-review/next');
    expect(adminNext.json.item.key).toBe('s2');
  });

  it('stats report kappa of double reviews', async () => {
    const pairs: Array<[string, string]> = [
      ['d1', '环境保护'],
      ['d2', '交通运输'],
    ];
    for (const [key, label] of pairs) {
      const id = await idOf(key);
      for (const expert of ['agent', 'admin']) {
        const response = await api.call(expert, 'POST', `/api/expert-review/items/${id}/label`, {
          label,
        });
        expect(response.status).toBe(200);
      }
    }
    const stats = await api.call('analyst', 'GET', '/api/expert-review/stats');
    expect(stats.status).toBe(403);
    const response = await api.call('admin', 'GET', '/api/expert-review/stats');
    expect(response.status).toBe(200);
    expect(response.json.items).toBe(5);
    expect(response.json.skips).toBe(1);
    expect(response.json.perExpert).toEqual({ agent: 3, admin: 2 });
    expect(response.json.agreement.items).toBe(2);
    expect(response.json.agreement.kappa).toBe(1);
  });

  it('comment is stored and audited', async () => {
    const id = await idOf('s3');
    const response = await api.call('agent', 'POST', `/api/expert-review/items/${id}/comment`, {
      text: '类别有争议',
    });
    expect(response.status).toBe(200);
    const stats = await api.call('agent', 'GET', '/api/expert-review/stats');
    expect(stats.json.comments).toBe(1);
    const audit = await api.server.context.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'expert_review.%')
      .execute();
    const actions = audit.map((row) => row.action);
    expect(actions.filter((action) => action === 'expert_review.label')).toHaveLength(5);
    expect(actions).toContain('expert_review.skip');
    expect(actions).toContain('expert_review.comment');
  });

  it('unknown item returns 404', async () => {
    const response = await api.call('agent', 'POST', '/api/expert-review/items/999999/label', {
      label: '城乡建设',
    });
    expect(response.status).toBe(404);
    expect(response.json.error.message).toMatch(/review item 999999/);
  });

  it('missing field returns 400 naming it', async () => {
    const id = await idOf('s3');
    const noLabel = await api.call('agent', 'POST', `/api/expert-review/items/${id}/label`, {});
    expect(noLabel.status).toBe(400);
    expect(noLabel.json.error.path).toBe('label');
    const noText = await api.call('agent', 'POST', `/api/expert-review/items/${id}/comment`, {});
    expect(noText.status).toBe(400);
    expect(noText.json.error.path).toBe('text');
    const badId = await api.call('agent', 'POST', '/api/expert-review/items/abc/label', {
      label: '城乡建设',
    });
    expect(badId.status).toBe(400);
    expect(badId.json.error.path).toBe('id');
  });

  it('only admins and agents allowed', async () => {
    const analyst = await api.call('analyst', 'GET', '/api/expert-review/next');
    expect(analyst.status).toBe(403);
    const department = await api.call('water', 'POST', '/api/expert-review/items/1/skip', {});
    expect(department.status).toBe(403);
    const anonymous = await api.call(null, 'GET', '/api/expert-review/next');
    expect(anonymous.status).toBe(401);
  });
});
