import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

describe('system endpoints and insight', () => {
  let api: TestServer;
  let web: string;

  beforeAll(async () => {
    web = mkdtempSync(path.join(tmpdir(), 'hotline-web-'));
    mkdirSync(path.join(web, 'assets'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>app shell</title>');
    writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1);');
    api = await startTestServer({}, { webRoot: web });
    for (const [index, body] of [
      '天心区某小区电梯故障，老人上下楼困难',
      '天心区某小区电梯又坏了，已经是本月第三次',
      '请问公积金提取需要哪些材料？',
    ].entries()) {
      await api.call('agent', 'POST', '/api/appeals', {
        body,
        receivedAt: `2024-06-0${index + 1}T10:00:00`,
      });
    }
  });
  afterAll(async () => {
    await api.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('reports health with the model version', async () => {
    const response = await api.call(null, 'GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.json.database).toBe('ok');
    expect(response.json.modelVersion).toBe(api.server.context.pipeline.modelVersion);
  });

  it('exposes Prometheus metrics', async () => {
    const response = await api.call(null, 'GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    expect(response.text).toMatch(
      /hotline_http_requests_total\{method="POST",route="\/api\/appeals",status="201"\} 3/,
    );
    expect(response.text).toMatch(/hotline_http_request_duration_seconds_bucket\{le="0.005"/);
    expect(response.text).toMatch(/hotline_triage_total\{category="[^"]+"\} \d/);
    expect(response.text).toMatch(/hotline_model_info\{version="[^"]+"\} 1/);
  });

  it('serves the OpenAPI document and docs page', async () => {
    const spec = await api.call(null, 'GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.json.openapi).toBe('3.1.0');
    for (const route of ['/api/appeals', '/api/appeals/{id}/dispatch', '/api/stats', '/api/tokens']) {
      expect(Object.keys(spec.json.paths)).toContain(route);
    }
    const docs = await api.call(null, 'GET', '/docs');
    expect(docs.text).toContain("fetch('/openapi.json')");
    expect(docs.text).not.toMatch(/<script[^>]+src="https?:/);
  });

  it('serves the browser app with an SPA fallback', async () => {
    const asset = await api.call(null, 'GET', '/assets/app.js');
    expect(asset.text).toBe('console.log(1);');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const deep = await api.call(null, 'GET', '/appeals/12');
    expect(deep.text).toContain('app shell');
    const escape = await api.call(null, 'GET', '/..%2f..%2fetc%2fpasswd');
    expect(escape.text).toContain('app shell');
  });

  it('says how to build a missing browser app', async () => {
    const bare = await startTestServer();
    try {
      const response = await bare.call(null, 'GET', '/');
      expect(response.status).toBe(200);
      expect(response.text).toMatch(/npm run build:web/);
    } finally {
      await bare.close();
    }
  });

  it('computes dashboard stats over a window', async () => {
    const response = await api.call('analyst', 'GET', '/api/stats?from=2024-06-01&to=2024-06-02');
    expect(response.status).toBe(200);
    expect(response.json.total).toBe(2);
    expect(response.json.volumeByDay).toEqual([
      { day: '2024-06-01', count: 1 },
      { day: '2024-06-02', count: 1 },
    ]);
    const categoryTotal = response.json.categories.reduce((sum: number, item: any) => sum + item.count, 0);
    expect(categoryTotal).toBe(2);
    expect(response.json.lowConfidenceShare).toBeGreaterThanOrEqual(0);
    expect(response.json.lowConfidenceShare).toBeLessThanOrEqual(1);
    const departments = response.json.departments;
    expect(departments.length).toBeGreaterThan(0);
    for (const department of departments) expect(department.overdue).toBe(department.open);
    const invalid = await api.call('analyst', 'GET', '/api/stats?from=June');
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.path).toBe('from');
  });

  it('lists hotspots and alerts and answers questions', async () => {
    const hotspots = await api.call('analyst', 'GET', '/api/hotspots?top=5');
    expect(hotspots.status).toBe(200);
    expect(Array.isArray(hotspots.json.items)).toBe(true);
    const alerts = await api.call('analyst', 'GET', '/api/alerts');
    expect(alerts.json.items).toEqual([]);
    const ack = await api.call('agent', 'POST', '/api/alerts/77/ack');
    expect(ack.status).toBe(404);
    expect(ack.json.error.message).toMatch(/alert 77 not found/);
    const analystAck = await api.call('analyst', 'POST', '/api/alerts/77/ack');
    expect(analystAck.status).toBe(403);
    const ask = await api.call('agent', 'POST', '/api/ask', { question: '公积金怎么提取？' });
    expect(ask.status).toBe(200);
    expect(ask.json.status).toBe('not_covered');
    const empty = await api.call('agent', 'POST', '/api/ask', { question: '' });
    expect(empty.json.error.path).toBe('question');
  });
});
