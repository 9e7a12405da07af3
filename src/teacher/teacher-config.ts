import { InvalidArgumentError } from '../errors/index.ts';

/** How the request asks for structured output. */
export type ResponseFormatMode = 'json_schema' | 'json_object' | 'none';

/** Settings of the teacher endpoint and of the client around it. */
export interface TeacherConfig {
  /** Base URL including the version path, e.g. http://127.0.0.1:8000/v1. */
  baseUrl: string;
  model: string;
  /** Bearer key; never logged. */
  apiKey: string | null;
  /** Timeout of one attempt in milliseconds. */
  timeoutMs: number;
  /** Attempts after the first one on 429, 5xx, timeouts and network errors. */
  maxRetries: number;
  /** First backoff delay in milliseconds; it doubles per attempt. */
  backoffBaseMs: number;
  /** Upper bound of one backoff delay (and of an honoured Retry-After). */
  backoffMaxMs: number;
  /** Requests in flight at once. */
  concurrency: number;
  responseFormat: ResponseFormatMode;
  /** Ask for `logprobs` and `top_logprobs` to read category probabilities. */
  logprobs: boolean;
  /** Prices in currency units per 1,000 tokens, for the cost ledger. */
  pricePer1kPromptTokens: number;
  pricePer1kCompletionTokens: number;
}

/** Defaults for everything but the endpoint, model and key. */
export const defaultTeacherSettings = {
  timeoutMs: 60_000,
  maxRetries: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  concurrency: 4,
  responseFormat: 'json_object' as ResponseFormatMode,
  logprobs: false,
  pricePer1kPromptTokens: 0,
  pricePer1kCompletionTokens: 0,
};

const responseFormats: readonly ResponseFormatMode[] = [
  'json_schema',
  'json_object',
  'none',
];

function numberFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  minimum: number,
): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < minimum) {
    throw new InvalidArgumentError({
      parameter: name,
      value: text,
      message: `${name} must be a number of at least ${minimum}, got "${text}".`,
    });
  }
  return value;
}

/**
 * Reads the teacher settings from the environment: HOTLINE_TEACHER_URL,
 * HOTLINE_TEACHER_MODEL and HOTLINE_TEACHER_KEY, plus the optional
 * HOTLINE_TEACHER_TIMEOUT_MS, _RETRIES, _CONCURRENCY, _RESPONSE_FORMAT
 * (json_schema, json_object or none), _LOGPROBS (1 or 0), and
 * _PRICE_PROMPT / _PRICE_COMPLETION (per 1,000 tokens). Returns null
 * unless both the URL and the model are set.
 *
 * @throws InvalidArgumentError when an optional setting is malformed.
 */
export function teacherConfigFromEnv(
  env: NodeJS.ProcessEnv,
): TeacherConfig | null {
  const baseUrl = env['HOTLINE_TEACHER_URL'];
  const model = env['HOTLINE_TEACHER_MODEL'];
  if (!baseUrl || !model) return null;
  const format = env['HOTLINE_TEACHER_RESPONSE_FORMAT'] ?? 'json_object';
  if (!responseFormats.includes(format as ResponseFormatMode)) {
    throw new InvalidArgumentError({
      parameter: 'HOTLINE_TEACHER_RESPONSE_FORMAT',
      value: format,
      message:
        `HOTLINE_TEACHER_RESPONSE_FORMAT must be one of ` +
        `${responseFormats.join(', ')}, got "${format}".`,
    });
  }
  const d = defaultTeacherSettings;
  return {
    baseUrl,
    model,
    apiKey: env['HOTLINE_TEACHER_KEY'] || null,
    timeoutMs: numberFrom(env, 'HOTLINE_TEACHER_TIMEOUT_MS', d.timeoutMs, 1),
    maxRetries: numberFrom(env, 'HOTLINE_TEACHER_RETRIES', d.maxRetries, 0),
    backoffBaseMs: d.backoffBaseMs,
    backoffMaxMs: d.backoffMaxMs,
    concurrency: numberFrom(
      env,
      'HOTLINE_TEACHER_CONCURRENCY',
      d.concurrency,
      1,
    ),
    responseFormat: format as ResponseFormatMode,
    logprobs: env['HOTLINE_TEACHER_LOGPROBS'] === '1',
    pricePer1kPromptTokens: numberFrom(
      env,
      'HOTLINE_TEACHER_PRICE_PROMPT',
      d.pricePer1kPromptTokens,
      0,
    ),
    pricePer1kCompletionTokens: numberFrom(
      env,
      'HOTLINE_TEACHER_PRICE_COMPLETION',
      d.pricePer1kCompletionTokens,
      0,
    ),
  };
}
