import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requirePermission, roles } from '../auth/roles.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { ServerContext } from '../server-context.ts';
import { writeAudit } from '../store/audit-log.ts';

const userRoute = createRoute({
  method: 'post',
  path: '/api/users',
  tags: ['admin'],
  summary: 'Create a user (admin only)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            username: z.string().min(2).max(64),
            password: z.string().min(1).max(1024),
            role: z.enum(roles),
            department: z.string().trim().min(1).max(200).optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: '{ user: { username, role, department } }' },
    409: { description: 'The username is taken' },
  },
});

const listUsersRoute = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['admin'],
  summary: 'List users (admin only)',
  responses: { 200: { description: '{ items: [{ username, role, department, createdAt }] }' } },
});

const tokenRoute = createRoute({
  method: 'post',
  path: '/api/tokens',
  tags: ['admin'],
  summary: 'Create an API token; it is returned once and stored hashed',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().trim().min(1).max(100),
            role: z.enum(roles),
            department: z.string().trim().min(1).max(200).optional(),
          }),
        },
      },
    },
  },
  responses: { 201: { description: '{ token, name, role }' } },
});

/** Registers user and API-token administration. */
export function registerAdminRoutes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  app.openapi(userRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'admin');
    const input = c.req.valid('json');
    const user = await context.accounts.createUser(input);
    await writeAudit(
      context.db,
      {
        actor: actor.name,
        action: 'user.create',
        target: `user:${user.username}`,
        details: { role: user.role },
      },
      context.now(),
    );
    return c.json({ user }, 201);
  });

  app.openapi(listUsersRoute, async (c) => {
    requirePermission(c.get('actor'), 'admin');
    return c.json({ items: await context.accounts.listUsers() }, 200);
  });

  app.openapi(tokenRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'admin');
    const input = c.req.valid('json');
    const created = await context.accounts.createToken({ ...input, createdBy: actor.name });
    await writeAudit(
      context.db,
      {
        actor: actor.name,
        action: 'token.create',
        target: `token:${created.name}`,
        details: { role: created.role },
      },
      context.now(),
    );
    return c.json(created, 201);
  });
}
