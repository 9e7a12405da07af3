import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseServerConfig } from '../../src/server/server-config.ts';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';

/** A server on 127.0.0.1 with a temp database and signed-in callers. */
export interface TestServer {
  server: RunningServer;
  url: string;
  /** Session cookies by username. */
  cookies: Record<string, string>;
  /** Calls the API as a user (by username) or anonymously (null). */
  call(
    who: string | null,
    method: string,
    route: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/** Users every test server has; passwords are `${username}-password`. */
export const testUsers = [
  { username: 'admin', role: 'admin' },
  { username: 'agent', role: 'agent' },
  { username: 'analyst', role: 'analyst' },
  { username: 'water', role: 'department', department: '水务局' },
  { username: 'roads', role: 'department', department: '交通运输局' },
] as const;

/**
 * Starts a server on port 0 with a fresh database, the shipped model, no
 * browser build, and the test users signed in.
 */
export async function startTestServer(
  config: Record<string, unknown> = {},
  options: { webRoot?: string | null } = {},
): Promise<TestServer> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hotline-server-'));
  const server = await startServer({
    database: path.join(folder, 'hotline.db'),
    port: 0,
    host: '127.0.0.1',
    config: parseServerConfig({ rateLimit: { ratePerSecond: 1000, burst: 1000 }, ...config }),
    webRoot: options.webRoot ?? null,
  });
  for (const user of testUsers) {
    await server.context.accounts.createUser({
      ...user,
      password: `${user.username}-password`,
    });
  }
  const cookies: Record<string, string> = {};
  const call: TestServer['call'] = async (who, method, route, body, headers = {}) => {
    const requestHeaders: Record<string, string> = { ...headers };
    if (who !== null) requestHeaders['cookie'] = cookies[who] ?? '';
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      requestHeaders['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: requestHeaders,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json, text, headers: response.headers };
  };
  for (const user of testUsers) {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: `${user.username}-password` }),
    });
    cookies[user.username] = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }
  return {
    server,
    url: server.url,
    cookies,
    call,
    close: async () => {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
