import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { requirePermission, type Permission } from '../auth/roles.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { ServerContext } from '../server-context.ts';
import { readAppealDetail } from '../store/appeal-detail.ts';
import { listAppeals } from '../store/appeal-queries.ts';
import {
  correctAppeal,
  correctableFields,
  moveWorkOrder,
  reviewAppeal,
  type WorkOrderAction,
} from '../store/work-order-actions.ts';
import { appealIdParams } from './appeal-schemas.ts';

const department = z.string().trim().min(1).max(200);
const text = z.string().trim().min(1).max(5000);

/** Body schema and permission of each work-order action. */
const actionSpecs: Record<
  WorkOrderAction,
  { schema: z.ZodType<{ department?: string; text?: string }>; permission: Permission; summary: string }
> = {
  dispatch: {
    schema: z.object({ department }),
    permission: 'order:dispatch',
    summary: 'Dispatch a new order to a department (new → dispatched)',
  },
  redispatch: {
    schema: z
      .object({ department, reason: text })
      .transform(({ department: name, reason }) => ({ department: name, text: reason })),
    permission: 'order:dispatch',
    summary: 'Transfer an order to another department (转办)',
  },
  reply: {
    schema: z.object({ text }),
    permission: 'order:reply',
    summary: "The department's reply (dispatched → replied)",
  },
  close: {
    schema: z.object({}),
    permission: 'order:dispatch',
    summary: 'Close an order (new or replied → closed)',
  },
  reopen: {
    schema: z
      .object({ reason: text })
      .transform(({ reason }) => ({ text: reason })),
    permission: 'order:dispatch',
    summary: 'Reopen a closed order (closed → dispatched)',
  },
};

const correctionRoute = createRoute({
  method: 'post',
  path: '/api/appeals/{id}/corrections',
  tags: ['work orders'],
  summary: 'Correct a triage field; the model output is kept',
  request: {
    params: appealIdParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            field: z.enum(correctableFields),
            value: z.string().trim().min(1).max(200),
            note: z.string().max(1000).optional(),
          }),
        },
      },
    },
  },
  responses: { 201: { description: 'The appeal detail after the correction' } },
});

const reviewQueueRoute = createRoute({
  method: 'get',
  path: '/api/review-queue',
  tags: ['work orders'],
  summary: 'Unreviewed appeals below the confidence threshold',
  request: {
    query: z.object({
      cursor: z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
  },
  responses: { 200: { description: '{ items, nextCursor, threshold }' } },
});

const reviewRoute = createRoute({
  method: 'post',
  path: '/api/appeals/{id}/review',
  tags: ['work orders'],
  summary: "Confirm or correct the model's category",
  request: {
    params: appealIdParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            category: z.string().trim().min(1).max(100),
            confirmed: z.boolean(),
          }),
        },
      },
    },
  },
  responses: { 200: { description: 'The appeal detail after the review' } },
});

/** Registers corrections, the work-order life cycle and the review queue. */
export function registerWorkOrderRoutes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  app.openapi(correctionRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'appeal:correct');
    const { id } = c.req.valid('param');
    await correctAppeal(context, id, actor, c.req.valid('json'));
    return c.json(await readAppealDetail(context.db, id, actor, context.config, context.now()), 201);
  });

  for (const [action, spec] of Object.entries(actionSpecs) as [
    WorkOrderAction,
    (typeof actionSpecs)[WorkOrderAction],
  ][]) {
    const route = createRoute({
      method: 'post',
      path: `/api/appeals/{id}/${action}`,
      tags: ['work orders'],
      summary: spec.summary,
      request: {
        params: appealIdParams,
        body: { required: action !== 'close', content: { 'application/json': { schema: spec.schema } } },
      },
      responses: {
        200: { description: 'The appeal detail after the transition' },
        409: { description: 'The current status does not allow the action' },
      },
    });
    app.openapi(route, async (c) => {
      const actor = c.get('actor');
      requirePermission(actor, spec.permission);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      await moveWorkOrder(context, id, actor, action, input);
      return c.json(await readAppealDetail(context.db, id, actor, context.config, context.now()), 200);
    });
  }

  app.openapi(reviewQueueRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'review');
    const query = c.req.valid('query');
    const threshold = context.config.reviewThreshold;
    const page = await listAppeals(
      context.db,
      { ...query, confidenceBelow: threshold, unreviewed: true },
      actor,
      context.config,
      context.now(),
    );
    return c.json({ ...page, threshold }, 200);
  });

  app.openapi(reviewRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'review');
    const { id } = c.req.valid('param');
    await reviewAppeal(context, id, actor, c.req.valid('json'));
    return c.json(await readAppealDetail(context.db, id, actor, context.config, context.now()), 200);
  });
}
