import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src/teacher/backoff.ts';
import {
  extractJsonObject,
  parseJsonLoosely,
  splitReasoning,
} from '../../src/teacher/parse-answer.ts';
import { teacherConfigFromEnv } from '../../src/teacher/teacher-config.ts';

describe('splitReasoning', () => {
  it('removes closed think blocks', () => {
    const split = splitReasoning('<think>先想</think>\n{"a":1}');
    expect(split.answer).toBe('{"a":1}');
    expect(split.reasoning).toBe('先想');
  });

  it('removes an unclosed think block', () => {
    const split = splitReasoning('{"a":1}<think>还没想完');
    expect(split.answer).toBe('{"a":1}');
    expect(split.reasoning).toBe('还没想完');
  });

  it('handles a lone closing tag', () => {
    const split = splitReasoning('推理过程</think>{"a":1}');
    expect(split.answer).toBe('{"a":1}');
    expect(split.reasoning).toBe('推理过程');
  });

  it('leaves plain answers alone', () => {
    expect(splitReasoning(' {"a":1} ')).toEqual({ answer: '{"a":1}', reasoning: null });
  });
});

describe('parseJsonLoosely', () => {
  it('ignores braces inside strings', () => {
    expect(extractJsonObject('好的：{"s": "a}b{", "n": 1} 以上')).toBe('{"s": "a}b{", "n": 1}');
  });

  it('removes trailing commas', () => {
    expect(parseJsonLoosely('{"a": [1, 2,], }')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('keeps curly quotes inside strings', () => {
    expect(parseJsonLoosely('{"s": "他说“好”"}')).toEqual({ ok: true, value: { s: '他说“好”' } });
  });

  it('reports a missing object', () => {
    expect(parseJsonLoosely('无法判断')).toEqual({
      ok: false,
      error: 'the answer contains no JSON object',
    });
  });

  it('reports a truncated object', () => {
    const result = parseJsonLoosely('```json\n{"a": ');
    expect(result.ok).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles the ceiling with full jitter', () => {
    const options = { baseMs: 100, maxMs: 1000, random: () => 0.99 };
    expect(backoffDelay(1, options)).toBe(99);
    expect(backoffDelay(3, options)).toBe(396);
    expect(backoffDelay(10, options)).toBe(990);
  });

  it('caps Retry-After', () => {
    const options = { baseMs: 100, maxMs: 1000, random: () => 0, retryAfterMs: 5000 };
    expect(backoffDelay(1, options)).toBe(1000);
  });

  it('parses seconds and dates', () => {
    const now = new Date('2024-05-01T08:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 01 May 2024 08:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('teacherConfigFromEnv', () => {
  it('needs a URL and a model', () => {
    expect(teacherConfigFromEnv({ HOTLINE_TEACHER_URL: 'http://127.0.0.1:1/v1' })).toBeNull();
  });

  it('reads the settings', () => {
    const config = teacherConfigFromEnv({
      HOTLINE_TEACHER_URL: 'http://127.0.0.1:1/v1',
      HOTLINE_TEACHER_MODEL: 'deepseek-reasoner',
      HOTLINE_TEACHER_KEY: 'k',
      HOTLINE_TEACHER_RESPONSE_FORMAT: 'json_schema',
      HOTLINE_TEACHER_LOGPROBS: '1',
      HOTLINE_TEACHER_PRICE_COMPLETION: '0.016',
    });
    expect(config?.responseFormat).toBe('json_schema');
    expect(config?.logprobs).toBe(true);
    expect(config?.pricePer1kCompletionTokens).toBe(0.016);
    expect(config?.apiKey).toBe('k');
  });

  it('rejects an unknown response format', () => {
    expect(() =>
      teacherConfigFromEnv({
        HOTLINE_TEACHER_URL: 'http://127.0.0.1:1/v1',
        HOTLINE_TEACHER_MODEL: 'm',
        HOTLINE_TEACHER_RESPONSE_FORMAT: 'xml',
      }),
    ).toThrow(/HOTLINE_TEACHER_RESPONSE_FORMAT must be one of json_schema, json_object, none, got "xml"/);
  });

  it('rejects a negative retry count', () => {
    expect(() =>
      teacherConfigFromEnv({
        HOTLINE_TEACHER_URL: 'http://127.0.0.1:1/v1',
        HOTLINE_TEACHER_MODEL: 'm',
        HOTLINE_TEACHER_RETRIES: '-1',
      }),
    ).toThrow(/HOTLINE_TEACHER_RETRIES must be a number of at least 0, got "-1"/);
  });
});
