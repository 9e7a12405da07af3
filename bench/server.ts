/**
 * Measures `hotline serve`: requests per second and p50/p99 latency of
 * POST /api/appeals (mask, triage, store) and of a filtered list, with
 * autocannon at a fixed offered rate against a server in its own process
 * on 127.0.0.1, stopped by PID at the end.
 *
 * Run: npx tsx bench/server.ts [--rate 500] [--seconds 10]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { AccountStore } from '../src/server/auth/account-store.ts';
import { openStore } from '../src/store/database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value === undefined || Number.isNaN(value) ? fallback : value;
}

const rate = flag('--rate', 500);
const seconds = flag('--seconds', 10);

async function prepareDatabase(folder: string): Promise<{ database: string; token: string }> {
  const database = path.join(folder, 'bench.db');
  const store = await openStore(database);
  const accounts = new AccountStore(store);
  const { token } = await accounts.createToken({ name: 'bench', role: 'agent', createdBy: 'bench' });
  await store.close();
  return { database, token };
}

function startServerProcess(database: string, config: string) {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin/hotline.js'), 'serve', '--db', database, '--port', '0', '--config', config],
    { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, HOTLINE_LOG_LEVEL: 'warn' } },
  );
  const url = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
  });
  return { child, url };
}

interface Row {
  endpoint: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(
  endpoint: string,
  options: autocannon.Options,
): Promise<Row> {
  const result = await autocannon({
    connections: 20,
    duration: seconds,
    overallRate: rate,
    ...options,
  });
  return {
    endpoint,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const folder = mkdtempSync(path.join(tmpdir(), 'hotline-bench-server-'));
const config = path.join(folder, 'config.json');
// The bench token must not be rate limited; everything else is default.
writeFileSync(config, JSON.stringify({ rateLimit: { ratePerSecond: 100_000, burst: 100_000 } }));
const { database, token } = await prepareDatabase(folder);
const server = startServerProcess(database, config);
try {
  const url = await server.url;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const rows: Row[] = [];
  let sequence = 0;
  // Real appeals (the held-out labelled messages), each made unique by a
  // suffix: the typical intake mix.
  const realTexts = gunzipSync(readFileSync(path.join(root, 'data/teddy/holdout.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { title: string | null; body: string | null; text: string });
  rows.push(
    await measure('POST /api/appeals (real texts)', {
      url: `${url}/api/appeals`,
      method: 'POST',
      headers,
      requests: [
        {
          setupRequest: (request) => {
            sequence += 1;
            const text = realTexts[sequence % realTexts.length]!;
            request.body = JSON.stringify({
              title: text.title ?? '',
              body: `${text.body ?? text.text}（第${sequence}次）`,
            });
            return request;
          },
        },
      ],
    }),
  );
  rows.push(
    await measure('POST /api/appeals (one template)', {
      url: `${url}/api/appeals`,
      method: 'POST',
      headers,
      // A counter makes every body unique, so no request is a duplicate.
      requests: [
        {
          setupRequest: (request) => {
            sequence += 1;
            request.body = JSON.stringify({
              title: '小区噪音扰民',
              body: `岳麓区某小区楼下烧烤店每天营业到凌晨两点，噪音很大，第${sequence}次反映，请相关部门处理`,
            });
            return request;
          },
        },
      ],
    }),
  );
  rows.push(
    await measure('GET /api/appeals?appealType&q', {
      url: `${url}/api/appeals?appealType=complaint&q=${encodeURIComponent('噪音')}&limit=50`,
      headers,
    }),
  );
  console.log(`offered rate ${rate}/s for ${seconds} s, 20 connections, ${process.arch} Node ${process.version}`);
  console.log('| endpoint | requests | req/s | p50 ms | p99 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.endpoint} | ${row.requests} | ${row.perSecond.toFixed(0)} | ` +
        `${row.p50} | ${row.p99} | ${row.errors} |`,
    );
  }
} finally {
  if (server.child.pid !== undefined) process.kill(server.child.pid, 'SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  rmSync(folder, { recursive: true, force: true });
}
