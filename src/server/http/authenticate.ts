import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { UnauthorizedError } from '../../errors/index.ts';
import type { Actor } from '../auth/roles.ts';
import type { ServerContext } from '../server-context.ts';
import { serverMessages } from '../server-messages.ts';
import type { AppEnv } from './app-env.ts';

/** Name of the browser session cookie. */
export const sessionCookie = 'hotline_session';

/** Paths under /api that need no credentials. */
const publicPaths = new Set(['/api/auth/login']);

/**
 * Resolves the caller from `Authorization: Bearer TOKEN` or the session
 * cookie, then takes one token from the caller's rate-limit bucket.
 *
 * @throws UnauthorizedError when a non-public path has no valid caller.
 * @throws RateLimitError when the caller is over its request rate.
 */
export function authenticate(context: ServerContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (publicPaths.has(c.req.path)) {
      await next();
      return;
    }
    const actor = await resolveActor(context, c.req.header('authorization'), getCookie(c, sessionCookie));
    context.apiLimiter.take(`${actor.kind}:${actor.id}`);
    c.set('actor', actor);
    await next();
  };
}

/**
 * Finds the actor of a bearer token or session id.
 *
 * @throws UnauthorizedError when neither is valid.
 */
export async function resolveActor(
  context: ServerContext,
  authorization: string | undefined,
  session: string | undefined,
): Promise<Actor> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (bearer?.[1] !== undefined) {
    const actor = await context.accounts.findToken(bearer[1]);
    if (actor === null) {
      throw new UnauthorizedError({ message: serverMessages.invalidToken });
    }
    return actor;
  }
  if (session !== undefined && session !== '') {
    const actor = await context.accounts.findSession(session);
    if (actor !== null) return actor;
  }
  throw new UnauthorizedError({ message: serverMessages.notSignedIn });
}
