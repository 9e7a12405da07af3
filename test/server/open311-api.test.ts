import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceCodeOf } from '../../src/server/routes/open311-routes.ts';
import { startTestServer, type TestServer } from './test-server.ts';

describe('Open311 GeoReport v2', () => {
  let api: TestServer;
  let agentKey: string;
  let waterKey: string;

  beforeAll(async () => {
    api = await startTestServer();
    agentKey = (await api.call('admin', 'POST', '/api/tokens', { name: 'portal', role: 'agent' })).json.token;
    waterKey = (
      await api.call('admin', 'POST', '/api/tokens', {
        name: 'water-system',
        role: 'department',
        department: '水务局',
      })
    ).json.token;
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists one service per category with stable codes', async () => {
    const response = await api.call(null, 'GET', '/open311/v2/services.json');
    expect(response.status).toBe(200);
    const labels = api.server.context.pipeline.student.labels;
    expect(response.json).toHaveLength(labels.length);
    expect(response.json[0]).toMatchObject({ metadata: false, type: 'realtime' });
    const codes = response.json.map((service: any) => service.service_code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(serviceCodeOf('城乡建设')).toBe('urban-rural-construction');
    expect(serviceCodeOf('新的类别')).toMatch(/^category-[0-9a-f]{8}$/);
    expect(serviceCodeOf('新的类别')).toBe(serviceCodeOf('新的类别'));
  });

  it('creates a request from a form with a masked phone', async () => {
    const form = new URLSearchParams({
      api_key: agentKey,
      service_code: 'urban-rural-construction',
      description: '小区门口路灯不亮已经一个月，晚上出行不安全',
      address_string: '岳麓区麓山南路',
      phone: '13712345678',
      lat: '28.17',
      long: '112.94',
    });
    const response = await fetch(`${api.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { service_request_id: string }[];
    expect(created).toHaveLength(1);
    const id = created[0]?.service_request_id ?? '';
    expect(id).toMatch(/^\d+$/);

    const single = await api.call(null, 'GET', `/open311/v2/requests/${id}.json?api_key=${agentKey}`);
    expect(single.status).toBe(200);
    expect(single.json).toHaveLength(1);
    expect(single.json[0]).toMatchObject({ service_request_id: id, status: 'open' });
    expect(single.json[0].requested_datetime).toMatch(/\+08:00$/);
    expect(single.json[0].address).toContain('岳麓区');
    const detail = await api.call('agent', 'GET', `/api/appeals/${id}`);
    expect(detail.json.appeal.caller).toBe('137****5678');
    expect(detail.json.appeal.recordedCategory).toBe('城乡建设');
    expect(detail.text).not.toContain('13712345678');
  });

  it('creates a request from JSON and filters the list', async () => {
    const response = await api.call(null, 'POST', '/open311/v2/requests.json', {
      api_key: agentKey,
      service_code: 'transport',
      description: '公交站台顶棚破损漏雨，候车乘客淋雨',
    });
    expect(response.status).toBe(201);
    const id = response.json[0].service_request_id;
    await api.call('agent', 'POST', `/api/appeals/${id}/close`);

    const closed = await api.call(null, 'GET', `/open311/v2/requests.json?status=closed&api_key=${agentKey}`);
    expect(closed.json.map((item: any) => item.service_request_id)).toEqual([id]);
    const open = await api.call(null, 'GET', `/open311/v2/requests.json?status=open&api_key=${agentKey}`);
    expect(open.json.length).toBeGreaterThan(0);
    for (const item of open.json) expect(item.status).toBe('open');
    const future = await api.call(
      null,
      'GET',
      `/open311/v2/requests.json?start_date=2999-01-01T00:00:00Z&api_key=${agentKey}`,
    );
    expect(future.json).toEqual([]);
  });

  it('reports errors as an Open311 array', async () => {
    const noKey = await api.call(null, 'POST', '/open311/v2/requests.json', {
      service_code: 'transport',
      description: '无凭据',
    });
    expect(noKey.status).toBe(401);
    expect(noKey.json[0].code).toBe(401);
    const badCode = await api.call(null, 'POST', '/open311/v2/requests.json', {
      api_key: agentKey,
      service_code: 'no-such-service',
      description: '未知服务',
    });
    expect(badCode.status).toBe(400);
    expect(badCode.json[0].description).toMatch(/service_code "no-such-service" is unknown/);
    const missing = await api.call(null, 'POST', '/open311/v2/requests.json', {
      api_key: agentKey,
      service_code: 'transport',
    });
    expect(missing.status).toBe(400);
    expect(missing.json[0].description).toMatch(/description/);
    const unknown = await api.call(null, 'GET', `/open311/v2/requests/999999.json?api_key=${agentKey}`);
    expect(unknown.status).toBe(404);
    const department = await api.call(null, 'POST', '/open311/v2/requests.json', {
      api_key: waterKey,
      service_code: 'transport',
      description: '部门令牌不能创建',
    });
    expect(department.status).toBe(403);
    const departmentList = await api.call(null, 'GET', `/open311/v2/requests.json?api_key=${waterKey}`);
    expect(departmentList.json).toEqual([]);
  });
});
