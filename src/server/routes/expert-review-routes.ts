import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { labelingDb } from '../../labeling/labeling-tables.ts';
import { ReviewQueue } from '../../labeling/review-queue.ts';
import { requirePermission } from '../auth/roles.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { ServerContext } from '../server-context.ts';
import { writeAudit } from '../store/audit-log.ts';

const itemParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

/** Builds a POST route on one queued item with a JSON body. */
function itemRoute<T extends z.ZodTypeAny>(
  action: string,
  summary: string,
  schema: T,
) {
  return createRoute({
    method: 'post',
    path: `/api/expert-review/items/{id}/${action}`,
    tags: ['expert-review'],
    summary,
    request: {
      params: itemParams,
      body: { required: true, content: { 'application/json': { schema } } },
    },
    responses: {
      200: { description: action === 'label' ? '{ item }' : '{ ok: true }' },
      400: { description: 'Invalid field, named by error.path' },
      404: { description: 'Unknown review item' },
    },
  });
}

const nextRoute = createRoute({
  method: 'get',
  path: '/api/expert-review/next',
  tags: ['expert-review'],
  summary: 'Next queued item for the signed-in expert',
  responses: { 200: { description: '{ item }, item is null when none is left' } },
});

const statsRoute = createRoute({
  method: 'get',
  path: '/api/expert-review/stats',
  tags: ['expert-review'],
  summary: "Queue counts and the experts' agreement (Cohen's kappa)",
  responses: {
    200: {
      description:
        '{ items, pending, done, labels, skips, comments, perExpert, agreement }',
    },
  },
});

const labelRoute = itemRoute(
  'label',
  "Record the signed-in expert's label of an item",
  z.object({ label: z.string().trim().min(1).max(100) }),
);

const skipRoute = itemRoute(
  'skip',
  'Skip an item; other experts still get it',
  z.object({ reason: z.string().trim().max(1000).optional() }),
);

const commentRoute = itemRoute(
  'comment',
  'Add a comment to an item',
  z.object({ text: z.string().trim().min(1).max(2000) }),
);

/**
 * Registers the expert review queue: next item, label, skip, comment and
 * stats. The signed-in user is the expert, and only admins and agents may
 * call these routes.
 */
export function registerExpertReviewRoutes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  // NOTE: the queue's not-found message points to the "hotline review next"
  // command, which also applies to a caller of this API.
  const queue = new ReviewQueue(labelingDb(context.store), context.now);

  app.openapi(nextRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'review');
    return c.json({ item: await queue.next(actor.name) }, 200);
  });

  app.openapi(statsRoute, async (c) => {
    requirePermission(c.get('actor'), 'review');
    return c.json(await queue.stats(), 200);
  });

  app.openapi(labelRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'review');
    const { id } = c.req.valid('param');
    const { label } = c.req.valid('json');
    const item = await queue.label(id, label, actor.name);
    await writeAudit(
      context.db,
      {
        actor: actor.name,
        action: 'expert_review.label',
        target: `review_item:${id}`,
        details: { label },
      },
      context.now(),
    );
    return c.json({ item }, 200);
  });

  app.openapi(skipRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'review');
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    await queue.skip(id, actor.name, reason === undefined || reason === '' ? null : reason);
    await writeAudit(
      context.db,
      { actor: actor.name, action: 'expert_review.skip', target: `review_item:${id}` },
      context.now(),
    );
    return c.json({ ok: true }, 200);
  });

  app.openapi(commentRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'review');
    const { id } = c.req.valid('param');
    const { text } = c.req.valid('json');
    await queue.comment(id, actor.name, text);
    await writeAudit(
      context.db,
      { actor: actor.name, action: 'expert_review.comment', target: `review_item:${id}` },
      context.now(),
    );
    return c.json({ ok: true }, 200);
  });
}
