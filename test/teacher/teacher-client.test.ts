import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.ts';
import { labelingDb } from '../../src/labeling/labeling-tables.ts';
import { openStore } from '../../src/store/database.ts';
import {
  DatabaseResponseCache,
  MemoryResponseCache,
} from '../../src/teacher/response-cache.ts';
import {
  createTeacherClient,
  type TeacherClientOptions,
} from '../../src/teacher/teacher-client.ts';
import {
  defaultTeacherSettings,
  type TeacherConfig,
} from '../../src/teacher/teacher-config.ts';
import { TeacherLabeler } from '../../src/teacher/teacher-labeler.ts';
import { chatReply, FakeChatServer } from './chat-server.ts';

const secret = 'sk-test-5ecret-never-logged';
const categories = ['城乡建设', '环境保护', '交通运输'];
const answer = {
  category_code: 'B',
  category: '环境保护',
  appeal_type: 'complaint',
  elements: { places: ['A市'], times: [], organisations: [], issues: ['噪音'] },
  summary: '工地夜间施工噪音扰民',
};
const answerText = JSON.stringify(answer);
const server = new FakeChatServer();
let folder: string;

interface LogEntry {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

function captureLogger(entries: LogEntry[]): Logger {
  const record =
    (level: string) => (fields: Record<string, unknown>, message: string) => {
      entries.push({ level, fields, message });
    };
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

function config(overrides: Partial<TeacherConfig> = {}): TeacherConfig {
  return {
    ...defaultTeacherSettings,
    baseUrl: server.baseUrl,
    model: 'deepseek-test',
    apiKey: secret,
    timeoutMs: 2000,
    maxRetries: 2,
    backoffBaseMs: 10,
    backoffMaxMs: 5000,
    ...overrides,
  };
}

/** Client whose sleeps are recorded and skipped. */
function client(
  overrides: Partial<TeacherConfig> = {},
  options: TeacherClientOptions = {},
) {
  const delays: number[] = [];
  const made = createTeacherClient(config(overrides), {
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...options,
  });
  return { client: made, delays };
}

function labeler(made: ReturnType<typeof client>['client'], samples = 1) {
  return new TeacherLabeler(made, { categories, samples });
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'hotline-teacher-'));
  await server.start();
});
afterAll(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('teacher client retries', () => {
  it('retries after a timeout', async () => {
    server.reset({ ...chatReply(answerText), delayMs: 1500 }, chatReply(answerText));
    const { client: made, delays } = client({ timeoutMs: 300 });
    const reply = await made.complete({ messages: [], temperature: 0 });
    expect(reply.content).toBe(answerText);
    expect(server.requests).toHaveLength(2);
    expect(delays).toEqual([5]);
    expect(made.usage().retries).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    server.reset(
      { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '3' } },
      chatReply(answerText),
    );
    const { client: made, delays } = client();
    await made.complete({ messages: [], temperature: 0 });
    expect(delays).toEqual([3000]);
    expect(server.requests).toHaveLength(2);
  });

  it('backs off exponentially on 500', async () => {
    server.reset(
      { status: 500, body: { error: 'boom' } },
      { status: 503, body: { error: 'busy' } },
      chatReply(answerText),
    );
    const { client: made, delays } = client({ backoffBaseMs: 100 });
    await made.complete({ messages: [], temperature: 0 });
    expect(delays).toEqual([50, 100]);
  });

  it('fails after the last retry', async () => {
    server.reset(
      { status: 500, body: { error: 'boom' } },
      { status: 500, body: { error: 'boom' } },
      { status: 500, body: { error: 'boom' } },
    );
    const { client: made } = client();
    await expect(made.complete({ messages: [], temperature: 0 })).rejects.toThrow(
      /failed after 3 attempts: HTTP 500/,
    );
  });

  it('does not retry a 400', async () => {
    server.reset({ status: 400, body: { error: 'unknown response_format' } });
    const { client: made } = client();
    await expect(made.complete({ messages: [], temperature: 0 })).rejects.toThrow(
      /rejected the request with HTTP 400.*HOTLINE_TEACHER_RESPONSE_FORMAT/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a reply without choices', async () => {
    server.reset({ body: { id: 'x' } });
    const { client: made } = client();
    await expect(made.complete({ messages: [], temperature: 0 })).rejects.toThrow(
      /without choices\[0\]\.message/,
    );
  });

  it('limits requests in flight', async () => {
    server.reset(
      ...Array.from({ length: 5 }, () => ({ ...chatReply('{}'), delayMs: 40 })),
    );
    const { client: made } = client({ concurrency: 2 });
    await Promise.all(
      Array.from({ length: 5 }, (_, seed) =>
        made.complete({ messages: [], temperature: 0.7, seed }),
      ),
    );
    expect(server.requests).toHaveLength(5);
    expect(server.maxInFlight).toBe(2);
  });

  it('sends the key, model and response format', async () => {
    server.reset(chatReply(answerText));
    const { client: made } = client({ responseFormat: 'json_object' });
    await made.complete({ messages: [{ role: 'user', content: 'hi' }], temperature: 0 });
    const sent = server.requests[0]!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.authorization).toBe(`Bearer ${secret}`);
    expect(sent.body['model']).toBe('deepseek-test');
    expect(sent.body['response_format']).toEqual({ type: 'json_object' });
  });

  it('counts tokens and cost', async () => {
    server.reset(chatReply(answerText, {}, { prompt_tokens: 2000, completion_tokens: 500 }));
    const { client: made } = client({
      pricePer1kPromptTokens: 0.002,
      pricePer1kCompletionTokens: 0.008,
    });
    await made.complete({ messages: [], temperature: 0 });
    const usage = made.usage();
    expect(usage.promptTokens).toBe(2000);
    expect(usage.completionTokens).toBe(500);
    expect(usage.cost).toBeCloseTo(0.004 + 0.004, 10);
  });
});

describe('teacher key privacy', () => {
  it('keeps the key out of logs and errors', async () => {
    const entries: LogEntry[] = [];
    server.reset(
      { ...chatReply(answerText), delayMs: 300 },
      { status: 429, body: {}, headers: { 'retry-after': '1' } },
      { status: 500, body: {} },
    );
    const { client: made } = client(
      { timeoutMs: 100 },
      { logger: captureLogger(entries) },
    );
    const error = await made
      .complete({ messages: [], temperature: 0 })
      .catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(secret);
    expect(logged).toMatch(/retrying/);
    expect((error as Error).message).not.toContain(secret);
  });
});

describe('teacher labelling', () => {
  it('parses fenced JSON with trailing text', async () => {
    server.reset(chatReply('```json\n' + answerText + '\n```\n希望对您有帮助。'));
    const label = await labeler(client().client).label('1', '工地噪音');
    expect(label.category).toBe('环境保护');
    expect(label.appealType).toBe('complaint');
    expect(label.summary).toBe(answer.summary);
    expect(server.requests).toHaveLength(1);
  });

  it('repairs malformed JSON with one request', async () => {
    server.reset(
      chatReply('{"category_code": "B", "category": "环境保护", "appeal_type": '),
      chatReply(answerText),
    );
    const label = await labeler(client().client).label('1', '工地噪音');
    expect(label.category).toBe('环境保护');
    expect(server.requests).toHaveLength(2);
    const messages = server.requests[1]!.body['messages'] as Array<{
      role: string;
      content: string;
    }>;
    expect(messages.at(-2)?.role).toBe('assistant');
    expect(messages.at(-1)?.content).toMatch(/invalid JSON/);
  });

  it('rejects a missing field by name', async () => {
    const { summary: _summary, ...withoutSummary } = answer;
    server.reset(
      chatReply(JSON.stringify(withoutSummary)),
      chatReply(JSON.stringify(withoutSummary)),
    );
    await expect(labeler(client().client).label('1', '工地噪音')).rejects.toThrow(
      /the field "summary" is missing or invalid/,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('rejects an unknown category', async () => {
    const wrong = JSON.stringify({ ...answer, category: '天气', category_code: 'Z' });
    server.reset(chatReply(wrong), chatReply(wrong));
    await expect(labeler(client().client).label('1', '工地噪音')).rejects.toThrow(
      /"category" is "天气", which is not one of 城乡建设, 环境保护, 交通运输/,
    );
  });

  it('keeps think blocks for audit only', async () => {
    server.reset(
      chatReply('<think>噪音属于环境 {"category": "交通运输"}</think>\n' + answerText),
    );
    const label = await labeler(client().client).label('1', '工地噪音');
    expect(label.category).toBe('环境保护');
    expect(label.reasoning).toMatch(/噪音属于环境/);
  });

  it('keeps reasoning_content for audit only', async () => {
    server.reset(
      chatReply(answerText, { message: { reasoning_content: '先判断类别：环境' } }),
    );
    const label = await labeler(client().client).label('1', '工地噪音');
    expect(label.category).toBe('环境保护');
    expect(label.reasoning).toBe('先判断类别：环境');
  });

  it('reads probabilities from logprobs', async () => {
    const tokens = ['{"', 'category', '_code', '":', ' "', 'B', '",', ' "category'];
    const content = tokens.map((token) => ({
      token,
      logprob: -0.1,
      top_logprobs:
        token === 'B'
          ? [
              { token: 'B', logprob: Math.log(0.6) },
              { token: 'A', logprob: Math.log(0.3) },
              { token: 'C', logprob: Math.log(0.05) },
              { token: 'X', logprob: Math.log(0.05) },
            ]
          : [],
    }));
    server.reset(chatReply(answerText, { choice: { logprobs: { content } } }));
    const made = client().client;
    const label = await new TeacherLabeler(made, {
      categories,
      useLogprobs: true,
    }).label('1', '工地噪音');
    expect(label.method).toBe('logprobs');
    expect(label.probabilities['环境保护']).toBeCloseTo(0.6 / 0.95, 6);
    expect(label.probabilities['城乡建设']).toBeCloseTo(0.3 / 0.95, 6);
    expect(label.probabilities['交通运输']).toBeCloseTo(0.05 / 0.95, 6);
    expect(server.requests[0]!.body['logprobs']).toBe(true);
  });

  it('samples when logprobs are missing', async () => {
    const other = JSON.stringify({ ...answer, category: '城乡建设', category_code: 'A' });
    server.reset(
      chatReply(answerText),
      chatReply(answerText),
      chatReply(answerText),
      chatReply(other),
    );
    const made = client().client;
    const label = await new TeacherLabeler(made, {
      categories,
      useLogprobs: true,
      samples: 3,
    }).label('1', '工地噪音');
    expect(label.method).toBe('sampling');
    expect(label.probabilities['环境保护']).toBeCloseTo(2 / 3, 6);
    expect(label.probabilities['城乡建设']).toBeCloseTo(1 / 3, 6);
    const temperatures = server.requests.slice(1).map((r) => r.body['temperature']);
    expect(temperatures).toEqual([0.7, 0.7, 0.7]);
    const seeds = server.requests.slice(1).map((r) => r.body['seed']);
    expect(seeds).toEqual([0, 1, 2]);
  });

  it('rejects sampling at temperature 0', () => {
    expect(
      () =>
        new TeacherLabeler(client().client, {
          categories,
          samples: 3,
          samplingTemperature: 0,
        }),
    ).toThrow(/needs a temperature above 0/);
  });
});

describe('teacher response cache', () => {
  it('answers a re-run from the database', async () => {
    const store = await openStore(path.join(folder, 'cache.db'));
    try {
      server.reset(chatReply(answerText));
      const cache = new DatabaseResponseCache(labelingDb(store));
      const first = client({}, { cache }).client;
      const firstLabel = await labeler(first).label('1', '工地噪音');
      expect(server.requests).toHaveLength(1);

      server.reset();
      const second = client({}, { cache }).client;
      const secondLabel = await labeler(second).label('1', '工地噪音');
      expect(server.requests).toHaveLength(0);
      expect(secondLabel).toEqual(firstLabel);
      expect(second.usage().cacheHits).toBe(1);
      expect(second.usage().requests).toBe(0);
      expect(second.usage().promptTokens).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('keys the cache by model', async () => {
    const cache = new MemoryResponseCache();
    server.reset(chatReply(answerText), chatReply(answerText));
    await client({ model: 'model-a' }, { cache }).client.complete({
      messages: [],
      temperature: 0,
    });
    await client({ model: 'model-b' }, { cache }).client.complete({
      messages: [],
      temperature: 0,
    });
    expect(server.requests).toHaveLength(2);
    expect(cache.entries.size).toBe(2);
  });
});
