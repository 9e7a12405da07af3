import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  ConflictError,
  ForbiddenError,
  HotlineError,
  InvalidArgumentError,
  NotFoundError,
  RateLimitError,
  UnauthorizedError,
} from '../../errors/index.ts';
import type { Logger } from '../../logger.ts';
import { serverMessages } from '../server-messages.ts';

/** The JSON error body every /api endpoint returns. */
export interface ErrorBody {
  error: { code: string; message: string; path?: string };
}

/** Status, body and extra headers of an error response. */
export interface ErrorReply {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers: Record<string, string>;
}

/**
 * Maps an error to its HTTP reply: HotlineError subclasses by kind,
 * hono's HTTP exceptions (e.g. malformed JSON) by their status, anything
 * else to 500 with a generic message, logged with its stack.
 */
export function toErrorReply(error: unknown, logger: Logger): ErrorReply {
  if (HotlineError.isInstance(error)) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    const headers: Record<string, string> = {};
    let status: ContentfulStatusCode = 400;
    if (error instanceof InvalidArgumentError) {
      body.error.path = error.parameter;
    } else if (error instanceof NotFoundError) {
      status = 404;
    } else if (error instanceof ConflictError) {
      status = 409;
    } else if (error instanceof UnauthorizedError) {
      status = 401;
    } else if (error instanceof ForbiddenError) {
      status = 403;
    } else if (error instanceof RateLimitError) {
      status = 429;
      headers['Retry-After'] = String(error.retryAfterSeconds);
    } else {
      status = 500;
      logger.error({ code: error.code, error: error.message }, 'request failed');
    }
    return { status, body, headers };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const malformed = status === 400;
    return {
      status,
      body: {
        error: {
          code: malformed ? 'invalid_json' : 'http_error',
          message: malformed ? serverMessages.invalidJson : error.message,
        },
      },
      headers: {},
    };
  }
  logger.error(
    { error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    'request failed with an unexpected error',
  );
  return {
    status: 500,
    body: { error: { code: 'internal', message: serverMessages.internalError } },
    headers: {},
  };
}

/** Sends an error reply as JSON. */
export function sendError(c: Context, reply: ErrorReply): Response {
  for (const [name, value] of Object.entries(reply.headers)) {
    c.header(name, value);
  }
  return c.json(reply.body, reply.status);
}
