import type { ApiErrorBody } from './types.ts';

/** A failed API request: HTTP status plus the server's error code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly path: string | undefined;

  constructor(status: number, code: string, message: string, path?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.path = path;
  }
}

type UnauthorizedHandler = () => void;

let onUnauthorized: UnauthorizedHandler = () => {};

/** Sets what happens when a request other than login returns 401. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null;
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Query parameters; empty strings and undefined are left out. */
  query?: Record<string, string | number | undefined>;
}

/**
 * Sends a JSON request to the hotline API with the session cookie and
 * returns the parsed response. Throws `ApiError` for any non-2xx status.
 */
export async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  let url = path;
  if (options.query !== undefined) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query)) {
      if (value === undefined || value === '') continue;
      search.set(key, String(value));
    }
    const text = search.toString();
    if (text !== '') url += `?${text}`;
  }
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  };
  if (options.signal !== undefined) init.signal = options.signal;
  if (options.body !== undefined) {
    init.headers = {
      accept: 'application/json',
      'content-type': 'application/json',
    };
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/auth/login') {
      onUnauthorized();
    }
    if (isErrorBody(parsed)) {
      const { code, message, path: field } = parsed.error;
      throw new ApiError(response.status, code, message, field);
    }
    throw new ApiError(
      response.status,
      'http_error',
      `${method} ${path} failed with HTTP ${response.status}`,
    );
  }
  return parsed as T;
}
