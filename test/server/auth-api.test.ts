import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

describe('auth API', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({
      login: { maxFailures: 3, windowMinutes: 15 },
      rateLimit: { ratePerSecond: 0.01, burst: 40 },
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('signs in with an HttpOnly strict cookie', async () => {
    const response = await api.call(null, 'POST', '/api/auth/login', {
      username: 'analyst',
      password: 'analyst-password',
    });
    expect(response.status).toBe(200);
    expect(response.json.user).toEqual({ username: 'analyst', role: 'analyst', department: null });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hotline_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('stores only session and token hashes', async () => {
    const sqlite = api.server.context.store.sqlite;
    if (sqlite === null) throw new Error('expected a SQLite store');
    const session = api.cookies['agent']?.split('=')[1] ?? '';
    const stored = JSON.stringify(sqlite.prepare('select * from sessions').all());
    expect(session.length).toBeGreaterThan(20);
    expect(stored).not.toContain(session);
    const users = JSON.stringify(sqlite.prepare('select * from users').all());
    expect(users).not.toContain('agent-password');
    expect(users).toMatch(/scrypt\$16384\$8\$1\$/);
  });

  it('returns the current user and logs out', async () => {
    const login = await api.call(null, 'POST', '/api/auth/login', {
      username: 'water',
      password: 'water-password',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = await api.call(null, 'GET', '/api/auth/me', undefined, { cookie });
    expect(me.json.user).toEqual({ username: 'water', role: 'department', department: '水务局' });
    const logout = await api.call(null, 'POST', '/api/auth/logout', undefined, { cookie });
    expect(logout.status).toBe(200);
    const after = await api.call(null, 'GET', '/api/auth/me', undefined, { cookie });
    expect(after.status).toBe(401);
  });

  it('creates users and tokens as admin only', async () => {
    const denied = await api.call('agent', 'POST', '/api/users', {
      username: 'eve',
      password: 'eve-password-1',
      role: 'admin',
    });
    expect(denied.status).toBe(403);
    const created = await api.call('admin', 'POST', '/api/users', {
      username: 'bob',
      password: 'bob-password-1',
      role: 'agent',
    });
    expect(created.status).toBe(201);
    expect(created.json.user.username).toBe('bob');
    const taken = await api.call('admin', 'POST', '/api/users', {
      username: 'bob',
      password: 'bob-password-2',
      role: 'agent',
    });
    expect(taken.status).toBe(409);
    const short = await api.call('admin', 'POST', '/api/users', {
      username: 'carol',
      password: 'short',
      role: 'agent',
    });
    expect(short.status).toBe(400);
    expect(short.json.error.path).toBe('password');
    expect(short.json.error.message).toMatch(/minimum is 10/);
    expect(short.text).not.toContain('short"');
    const noDepartment = await api.call('admin', 'POST', '/api/users', {
      username: 'dora',
      password: 'dora-password-1',
      role: 'department',
    });
    expect(noDepartment.status).toBe(400);
    expect(noDepartment.json.error.path).toBe('department');

    const token = await api.call('admin', 'POST', '/api/tokens', { name: 'crm', role: 'agent' });
    expect(token.status).toBe(201);
    expect(token.json.token).toMatch(/^hlt_[A-Za-z0-9_-]{43}$/);
    const viaToken = await api.call(null, 'GET', '/api/auth/me', undefined, {
      authorization: `Bearer ${token.json.token}`,
    });
    expect(viaToken.json.user.username).toBe('token:crm');
    const badToken = await api.call(null, 'GET', '/api/auth/me', undefined, {
      authorization: 'Bearer hlt_not-a-token',
    });
    expect(badToken.status).toBe(401);
    expect(badToken.json.error.message).toMatch(/API token is not valid/);
  });

  it('blocks repeated failed logins with 429', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const wrong = await api.call(null, 'POST', '/api/auth/login', {
        username: 'admin',
        password: 'wrong-password',
      });
      expect(wrong.status).toBe(401);
    }
    const blocked = await api.call(null, 'POST', '/api/auth/login', {
      username: 'admin',
      password: 'admin-password',
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(blocked.json.error.message).toMatch(/too many failed logins/);
    const otherUser = await api.call(null, 'POST', '/api/auth/login', {
      username: 'agent',
      password: 'agent-password',
    });
    expect(otherUser.status).toBe(200);
  });

  it('limits the API request rate per caller', async () => {
    let limited: Awaited<ReturnType<TestServer['call']>> | null = null;
    for (let request = 0; request < 45 && limited === null; request += 1) {
      const response = await api.call('analyst', 'GET', '/api/auth/me');
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await api.call('roads', 'GET', '/api/auth/me');
    expect(other.status).toBe(200);
  });
});
