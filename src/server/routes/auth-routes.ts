import { getConnInfo } from '@hono/node-server/conninfo';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { UnauthorizedError } from '../../errors/index.ts';
import type { AppEnv } from '../http/app-env.ts';
import { sessionCookie } from '../http/authenticate.ts';
import type { ServerContext } from '../server-context.ts';
import { serverMessages } from '../server-messages.ts';
import { writeAudit } from '../store/audit-log.ts';

const userView = (actor: AppEnv['Variables']['actor']) => ({
  user: {
    username: actor.name,
    role: actor.role,
    department: actor.department,
  },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in; sets the HttpOnly hotline_session cookie',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            username: z.string().min(1).max(64),
            password: z.string().min(1).max(1024),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: '{ user: { username, role, department } }' },
    401: { description: 'Wrong username or password' },
    429: { description: 'Too many failed logins; see Retry-After' },
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'End the session',
  responses: { 200: { description: '{ ok: true }' } },
});

const meRoute = createRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user or token',
  responses: { 200: { description: '{ user: { username, role, department } }' } },
});

/** Registers login, logout and the current-user endpoint. */
export function registerAuthRoutes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  app.openapi(loginRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    const address = getConnInfo(c).remote.address ?? 'unknown';
    context.loginLimiter.check(username, address);
    const actor = await context.accounts.verifyLogin(username, password);
    if (actor === null) {
      context.loginLimiter.recordFailure(username, address);
      context.logger.warn({ username, address }, 'login failed');
      throw new UnauthorizedError({ message: serverMessages.wrongLogin });
    }
    context.loginLimiter.reset(username, address);
    const session = await context.accounts.createSession(actor.id);
    setCookie(c, sessionCookie, session.id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      expires: session.expiresAt,
    });
    await writeAudit(
      context.db,
      { actor: actor.name, action: 'session.create', target: `user:${actor.name}` },
      context.now(),
    );
    return c.json(userView(actor), 200);
  });

  app.openapi(logoutRoute, async (c) => {
    const session = getCookie(c, sessionCookie);
    if (session !== undefined) await context.accounts.deleteSession(session);
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.json({ ok: true }, 200);
  });

  app.openapi(meRoute, (c) => c.json(userView(c.get('actor')), 200));
}
