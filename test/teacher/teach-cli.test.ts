import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture.ts';
import { chatReply, FakeChatServer } from './chat-server.ts';

const secret = 'sk-cli-5ecret';
const server = new FakeChatServer();
let folder: string;

function answer(category: string, code: string): string {
  return JSON.stringify({
    category_code: code,
    category,
    appeal_type: 'complaint',
    elements: { places: [], times: [], organisations: [], issues: [] },
    summary: '概括',
  });
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'hotline-teach-'));
  await server.start();
});
afterAll(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('hotline teach', () => {
  it('labels, caches and writes labels', async () => {
    const data = path.join(folder, 'appeals.jsonl');
    writeFileSync(
      data,
      [
        JSON.stringify({ id: 'a1', title: '公交', body: '公交车改线', label: '交通运输' }),
        JSON.stringify({ id: 'a2', text: '学校乱收费' }),
      ].join('\n'),
    );
    const env = {
      HOTLINE_TEACHER_URL: server.baseUrl,
      HOTLINE_TEACHER_MODEL: 'teacher-test',
      HOTLINE_TEACHER_KEY: secret,
      HOTLINE_TEACHER_CONCURRENCY: '1',
      HOTLINE_TEACHER_PRICE_PROMPT: '0.001',
      HOTLINE_LOG_LEVEL: 'debug',
    };
    const db = path.join(folder, 'teach.db');
    const out = path.join(folder, 'labels.jsonl');
    const argv = ['teach', '--data', data, '--samples', '1', '--db', db, '--out', out, '--json'];
    server.reset(
      chatReply(answer('交通运输', 'A')),
      { status: 503, body: {} },
      chatReply(answer('教育文体', 'F')),
    );
    const first = await runCli(argv, env);
    expect(first.stderr).not.toContain(secret);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as Record<string, number>;
    expect(summary['labelled']).toBe(2);
    expect(summary['retries']).toBe(1);
    expect(summary['promptTokens']).toBe(200);
    expect(summary['cost']).toBeCloseTo((200 / 1000) * 0.001, 12);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => row['category'])).toEqual(['交通运输', '教育文体']);
    expect(rows[0]!['label']).toBe('交通运输');
    expect(rows[1]!['label']).toBeUndefined();

    server.reset();
    const second = await runCli(argv, env);
    expect(second.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    const again = JSON.parse(second.stdout) as Record<string, number>;
    expect(again['cacheHits']).toBe(2);
    expect(again['requests']).toBe(0);
  });

  it('rejects a missing endpoint', async () => {
    const output = await runCli(['teach', '--data', 'x.jsonl'], {});
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(/no teacher model is configured\. Set HOTLINE_TEACHER_URL/);
  });
});
