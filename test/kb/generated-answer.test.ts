import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/kb/answer-question.ts';
import { createChatClient } from '../../src/kb/chat-client.ts';
import { loadSynonyms } from '../../src/kb/synonyms.ts';
import { openSampleKb, type SampleKb } from './sample-kb.ts';

const synonyms = loadSynonyms();
const question = '物业因为我欠物业费把我家水停了，这合法吗？';
let kb: SampleKb;
let server: Server;
let baseUrl: string;
/** Scripted replies, consumed one per request: [status, body]. */
const replies: [number, unknown][] = [];
const requests: unknown[] = [];

function chatReply(content: string, extra: Record<string, unknown> = {}): [number, unknown] {
  return [200, { choices: [{ message: { role: 'assistant', content, ...extra } }] }];
}

beforeAll(async () => {
  kb = await openSampleKb();
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      requests.push({ url: request.url, auth: request.headers.authorization, body: JSON.parse(body) });
      const [status, reply] = replies.shift() ?? [500, { error: 'no scripted reply' }];
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await kb.close();
});

async function ask(...scripted: [number, unknown][]) {
  replies.length = 0;
  requests.length = 0;
  replies.push(...scripted);
  const chat = createChatClient({ baseUrl, model: 'test-model', apiKey: 'secret', timeoutMs: 2000 });
  return answerQuestion(kb.store, question, { synonyms, chat });
}

describe('answerQuestion with a chat model', () => {
  it('accepts a correct cited answer', async () => {
    const result = await ask(
      chatReply('物业服务企业不得以业主拖欠物业费为由中断供水[1]。'),
    );
    expect(result.status).toBe('answered');
    expect(result.mode).toBe('generated');
    expect(result.citations.map((c) => c.article)).toEqual(['第二十条']);
    const sent = requests[0] as { url: string; auth: string; body: { model: string; messages: { content: string }[] } };
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.auth).toBe('Bearer secret');
    expect(sent.body.messages[1]?.content).toMatch(/\[1\] 《示例市物业管理办法》第二十条/u);
  });

  it('strips a think block and ignores reasoning_content', async () => {
    const result = await ask(
      chatReply('<think>用户欠费，第九十九条？</think>物业服务企业不得以业主拖欠物业费为由中断供水[1]。', {
        reasoning_content: '罚款5万元[9]',
      }),
    );
    expect(result.status).toBe('answered');
    expect(result.answer).not.toMatch(/think|九十九/u);
  });

  it('hands over a wrong article number', async () => {
    const result = await ask(
      chatReply('根据《示例市物业管理办法》第二十一条，物业不得以欠费为由中断供水[1]。'),
    );
    expect(result.status).toBe('handed_over');
    expect(result.answer).toBeNull();
    expect(result.reasons.join('\n')).toMatch(/article "第二十一条" is not in the cited sources/u);
  });

  it('hands over an amount not in the source', async () => {
    const result = await ask(chatReply('物业中断供水的，业主可获赔偿5000元[1]。'));
    expect(result.status).toBe('handed_over');
    expect(result.reasons.join('\n')).toMatch(/number "5000元" is not in the cited sources/u);
  });

  it('hands over an answer citing nothing', async () => {
    const result = await ask(chatReply('物业不得以欠费为由中断供水。'));
    expect(result.status).toBe('handed_over');
    expect(result.reasons.join('\n')).toMatch(/sentence cites no source/u);
    expect(result.citations).toEqual([]);
  });

  it('hands over a marker beyond the sources', async () => {
    const result = await ask(chatReply('物业不得以欠费为由中断供水[9]。'));
    expect(result.status).toBe('handed_over');
    expect(result.reasons.join('\n')).toMatch(/marker \[9\] refers to no retrieved source/u);
    expect(result.sentences[0]?.markers).toEqual([]);
  });

  it('retries once after a 503', async () => {
    const result = await ask(
      [503, { error: 'busy' }],
      chatReply('物业服务企业不得以业主拖欠物业费为由中断供水[1]。'),
    );
    expect(result.status).toBe('answered');
    expect(requests).toHaveLength(2);
  });

  it('hands over when the model keeps failing', async () => {
    const result = await ask([500, {}], [500, {}]);
    expect(result.status).toBe('handed_over');
    expect(result.reasons.join('\n')).toMatch(/failed: HTTP 500/u);
  });

  it('does not retry a 400', async () => {
    const result = await ask([400, {}], chatReply('不会用到[1]。'));
    expect(result.status).toBe('handed_over');
    expect(requests).toHaveLength(1);
  });
});
