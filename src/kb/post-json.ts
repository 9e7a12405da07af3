import { ModelServiceError } from '../errors/index.ts';
import { noopLogger, type Logger } from '../logger.ts';

/** Connection settings of an OpenAI-compatible endpoint. */
export interface EndpointConfig {
  /** Base URL including the version path, e.g. http://127.0.0.1:8000/v1. */
  baseUrl: string;
  model: string;
  /** Bearer key; never logged. */
  apiKey: string | null;
  /** Timeout of one attempt in milliseconds. */
  timeoutMs: number;
}

/** The `fetch` signature the clients call; injected for tests. */
export type FetchFunction = typeof fetch;

/**
 * POSTs JSON to `${baseUrl}/${route}` and returns the parsed reply. One
 * retry follows a 429 or 5xx status or a network error; each attempt has
 * its own timeout.
 *
 * @throws ModelServiceError when both attempts fail or the reply is not
 *   JSON.
 */
export async function postJson(
  config: EndpointConfig,
  route: string,
  body: unknown,
  options: { fetch?: FetchFunction; logger?: Logger } = {},
): Promise<unknown> {
  const fetchFunction = options.fetch ?? fetch;
  const logger = options.logger ?? noopLogger;
  const url = `${config.baseUrl.replace(/\/+$/u, '')}/${route}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.apiKey !== null && config.apiKey !== '') {
    headers['authorization'] = `Bearer ${config.apiKey}`;
  }
  let lastError = '';
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    let response: Response;
    try {
      response = await fetchFunction(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      lastError =
        (error as Error).name === 'TimeoutError'
          ? `timed out after ${config.timeoutMs} ms`
          : (error as Error).message;
      logger.warn({ url, attempt, error: lastError }, 'model request failed');
      continue;
    }
    if (response.ok) {
      const text = await response.text();
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new ModelServiceError({
          endpoint: url,
          message:
            `the model endpoint ${url} returned a reply that is not JSON. ` +
            'Check that HOTLINE_LLM_URL or HOTLINE_EMBEDDINGS_URL points ' +
            'to an OpenAI-compatible /v1 base URL.',
          cause: error,
        });
      }
    }
    lastError = `HTTP ${response.status}`;
    await response.body?.cancel();
    const retryable = response.status === 429 || response.status >= 500;
    logger.warn({ url, attempt, status: response.status }, 'model request failed');
    if (!retryable) break;
  }
  throw new ModelServiceError({
    endpoint: url,
    message:
      `the model endpoint ${url} failed: ${lastError}. Check that the ` +
      'service is running, the model name and the key, or unset the ' +
      'endpoint variable to answer without it.',
  });
}
