import type { EndpointConfig } from './post-json.ts';

/** Default timeout of one model request, in milliseconds. */
export const defaultModelTimeoutMs = 30_000;

/**
 * Reads the chat model settings (HOTLINE_LLM_URL, HOTLINE_LLM_MODEL,
 * HOTLINE_LLM_KEY, HOTLINE_LLM_TIMEOUT_MS). Returns null unless both the
 * URL and the model are set.
 */
export function chatConfigFromEnv(env: NodeJS.ProcessEnv): EndpointConfig | null {
  return endpointFromEnv(env, 'HOTLINE_LLM');
}

/**
 * Reads the embeddings settings (HOTLINE_EMBEDDINGS_URL, _MODEL, _KEY,
 * _TIMEOUT_MS). Returns null unless both the URL and the model are set.
 */
export function embeddingsConfigFromEnv(
  env: NodeJS.ProcessEnv,
): EndpointConfig | null {
  return endpointFromEnv(env, 'HOTLINE_EMBEDDINGS');
}

function endpointFromEnv(
  env: NodeJS.ProcessEnv,
  prefix: string,
): EndpointConfig | null {
  const baseUrl = env[`${prefix}_URL`];
  const model = env[`${prefix}_MODEL`];
  if (!baseUrl || !model) return null;
  const timeout = Number(env[`${prefix}_TIMEOUT_MS`]);
  return {
    baseUrl,
    model,
    apiKey: env[`${prefix}_KEY`] ?? null,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : defaultModelTimeoutMs,
  };
}
