import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ModelServiceError } from '../errors/index.ts';
import { noopLogger, type Logger } from '../logger.ts';
import { backoffDelay, parseRetryAfter } from './backoff.ts';
import { splitReasoning } from './parse-answer.ts';
import type { ResponseCache } from './response-cache.ts';
import { Semaphore } from './semaphore.ts';
import type { TeacherConfig } from './teacher-config.ts';
import { UsageLedger, type UsageTotals } from './usage-ledger.ts';

/** One chat message. */
export interface TeacherMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One completion request. */
export interface TeacherRequest {
  messages: readonly TeacherMessage[];
  temperature: number;
  /** Sent as `seed`; also tells repeated samples apart in the cache. */
  seed?: number;
  /** Schema for `response_format: json_schema`, when the config uses it. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Ask for token log-probabilities with this many alternatives. */
  topLogprobs?: number;
  maxTokens?: number;
}

/** Log-probability of one generated token and its top alternatives. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

/** The reply to one request. */
export interface TeacherReply {
  /** The answer with reasoning removed. */
  content: string;
  /** `reasoning_content` and `<think>` blocks, kept for audit. */
  reasoning: string | null;
  /** The raw content, before reasoning was removed. */
  rawContent: string;
  logprobs: TokenLogprob[] | null;
  promptTokens: number;
  completionTokens: number;
  cached: boolean;
}

/** Sends chat requests to the teacher with retries, cache and accounting. */
export interface TeacherClient {
  readonly model: string;
  complete(request: TeacherRequest): Promise<TeacherReply>;
  usage(): UsageTotals;
}

/** Injectable parts of the client. */
export interface TeacherClientOptions {
  fetch?: typeof fetch;
  logger?: Logger;
  cache?: ResponseCache | null;
  /** Uniform [0, 1) source for backoff jitter; seed it in tests. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

const alternative = z.object({ token: z.string(), logprob: z.number() });
const replySchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable().optional(),
          reasoning_content: z.string().nullable().optional(),
        }),
        logprobs: z
          .object({
            content: z
              .array(
                alternative.extend({
                  top_logprobs: z.array(alternative).optional(),
                }),
              )
              .nullable()
              .optional(),
          })
          .nullable()
          .optional(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().optional(),
      completion_tokens: z.number().optional(),
    })
    .nullable()
    .optional(),
});

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the JSON body of a request for the given config. */
export function requestBody(
  config: TeacherConfig,
  request: TeacherRequest,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: config.model,
    messages: request.messages,
    temperature: request.temperature,
  };
  if (request.seed !== undefined) body['seed'] = request.seed;
  if (request.maxTokens !== undefined) body['max_tokens'] = request.maxTokens;
  if (request.topLogprobs !== undefined) {
    body['logprobs'] = true;
    body['top_logprobs'] = request.topLogprobs;
  }
  if (config.responseFormat === 'json_object') {
    body['response_format'] = { type: 'json_object' };
  } else if (
    config.responseFormat === 'json_schema' &&
    request.jsonSchema !== undefined
  ) {
    body['response_format'] = {
      type: 'json_schema',
      json_schema: {
        name: request.jsonSchema.name,
        schema: request.jsonSchema.schema,
        strict: true,
      },
    };
  }
  return body;
}

/** SHA-256 of the request body without the model name. */
function promptHashOf(body: Record<string, unknown>): string {
  const { model: _model, ...rest } = body;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/** Turns a protocol-valid reply into a `TeacherReply`. */
function readReply(
  reply: unknown,
  url: string,
  cached: boolean,
): TeacherReply {
  const parsed = replySchema.safeParse(reply);
  if (!parsed.success) {
    throw new ModelServiceError({
      endpoint: url,
      message:
        `the teacher endpoint ${url} returned a reply without ` +
        'choices[0].message. Check that it speaks the OpenAI ' +
        'chat-completions protocol.',
    });
  }
  const choice = parsed.data.choices[0]!;
  const rawContent = choice.message.content ?? '';
  const split = splitReasoning(rawContent);
  const reasoningParts = [choice.message.reasoning_content, split.reasoning]
    .filter((part): part is string => typeof part === 'string' && part !== '');
  const tokens = choice.logprobs?.content ?? null;
  return {
    content: split.answer,
    reasoning: reasoningParts.length > 0 ? reasoningParts.join('\n') : null,
    rawContent,
    logprobs:
      tokens === null
        ? null
        : tokens.map((token) => ({
            token: token.token,
            logprob: token.logprob,
            top: token.top_logprobs ?? [],
          })),
    promptTokens: parsed.data.usage?.prompt_tokens ?? 0,
    completionTokens: parsed.data.usage?.completion_tokens ?? 0,
    cached,
  };
}

/**
 * Creates a client for an OpenAI-compatible `/chat/completions` endpoint
 * (DeepSeek, vLLM, Ollama and others). Each attempt has its own timeout.
 * A 429 (after its Retry-After), a 5xx, a timeout or a network error is
 * retried up to `maxRetries` times with exponential backoff and jitter;
 * other statuses fail at once. At most `concurrency` requests are in
 * flight. Replies are cached by model + request hash, and every request,
 * retry, cache hit and token is counted in the usage ledger.
 */
export function createTeacherClient(
  config: TeacherConfig,
  options: TeacherClientOptions = {},
): TeacherClient {
  const fetchFunction = options.fetch ?? fetch;
  const logger = options.logger ?? noopLogger;
  const cache = options.cache ?? null;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => new Date());
  const semaphore = new Semaphore(config.concurrency);
  const ledger = new UsageLedger(
    config.pricePer1kPromptTokens,
    config.pricePer1kCompletionTokens,
  );
  const url = `${config.baseUrl.replace(/\/+$/u, '')}/chat/completions`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
  };
  if (config.apiKey !== null && config.apiKey !== '') {
    headers['authorization'] = `Bearer ${config.apiKey}`;
  }

  async function send(body: Record<string, unknown>): Promise<unknown> {
    let lastError = '';
    for (let attempt = 1; attempt <= config.maxRetries + 1; attempt++) {
      if (attempt > 1) ledger.recordRetry();
      ledger.recordRequest();
      let retryAfterMs: number | null = null;
      try {
        const response = await fetchFunction(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        const text = await response.text();
        if (response.ok) {
          try {
            return JSON.parse(text) as unknown;
          } catch (error) {
            throw new ModelServiceError({
              endpoint: url,
              message:
                `the teacher endpoint ${url} returned a reply that is not ` +
                'JSON. Check that HOTLINE_TEACHER_URL is the /v1 base URL ' +
                'of an OpenAI-compatible server.',
              cause: error,
            });
          }
        }
        lastError = `HTTP ${response.status}: ${text.slice(0, 200)}`;
        const retryable = response.status === 429 || response.status >= 500;
        if (!retryable) {
          throw new ModelServiceError({
            endpoint: url,
            message:
              `the teacher endpoint ${url} rejected the request with ` +
              `${lastError}. Check HOTLINE_TEACHER_MODEL, the key and ` +
              'HOTLINE_TEACHER_RESPONSE_FORMAT (set it to none when the ' +
              'server does not support response_format).',
          });
        }
        if (response.status === 429) {
          retryAfterMs = parseRetryAfter(
            response.headers.get('retry-after'),
            now(),
          );
        }
      } catch (error) {
        if (error instanceof ModelServiceError) throw error;
        const name = (error as Error).name;
        lastError =
          name === 'TimeoutError' || name === 'AbortError'
            ? `timed out after ${config.timeoutMs} ms`
            : (error as Error).message;
      }
      if (attempt > config.maxRetries) break;
      const delayMs = backoffDelay(attempt, {
        baseMs: config.backoffBaseMs,
        maxMs: config.backoffMaxMs,
        random,
        retryAfterMs,
      });
      logger.warn(
        { url, model: config.model, attempt, delayMs, error: lastError },
        'teacher request failed; retrying',
      );
      await sleep(delayMs);
    }
    logger.error(
      { url, model: config.model, error: lastError },
      'teacher request failed after all retries',
    );
    throw new ModelServiceError({
      endpoint: url,
      message:
        `the teacher endpoint ${url} failed after ` +
        `${config.maxRetries + 1} attempts: ${lastError}. Check that the ` +
        'server is running, or raise HOTLINE_TEACHER_TIMEOUT_MS or ' +
        'HOTLINE_TEACHER_RETRIES.',
    });
  }

  return {
    model: config.model,
    usage: () => ledger.snapshot(),
    async complete(request) {
      const body = requestBody(config, request);
      const promptHash = promptHashOf(body);
      const key = `${config.model}:${promptHash}`;
      const hit = cache === null ? null : await cache.get(key);
      if (hit !== null) {
        ledger.recordCacheHit();
        return readReply(hit.response, url, true);
      }
      const raw = await semaphore.run(() => send(body));
      const reply = readReply(raw, url, false);
      ledger.recordUsage(reply.promptTokens, reply.completionTokens);
      if (cache !== null) {
        await cache.put(key, {
          model: config.model,
          promptHash,
          response: raw,
          promptTokens: reply.promptTokens,
          completionTokens: reply.completionTokens,
        });
      }
      return reply;
    },
  };
}
