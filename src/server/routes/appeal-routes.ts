import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { answerQuestion } from '../../kb/answer-question.ts';
import { HotlineError } from '../../errors/index.ts';
import { requirePermission } from '../auth/roles.ts';
import type { AppEnv } from '../http/app-env.ts';
import { toErrorReply } from '../http/error-response.ts';
import { describeIssue } from '../http/validation-hook.ts';
import type { ServerContext } from '../server-context.ts';
import { readAppealDetail } from '../store/appeal-detail.ts';
import {
  nearDuplicatesOf,
  prepareAppeal,
  storeAppeal,
  storeAppeals,
  type PreparedAppeal,
} from '../store/appeal-intake.ts';
import { listAppeals } from '../store/appeal-queries.ts';
import { appealIdParams, appealInputSchema, appealListQuery } from './appeal-schemas.ts';

const createRouteConfig = createRoute({
  method: 'post',
  path: '/api/appeals',
  tags: ['appeals'],
  summary: 'Create, mask and triage one appeal',
  request: {
    body: { required: true, content: { 'application/json': { schema: appealInputSchema } } },
  },
  responses: {
    201: { description: '{ appeal, triage, nearDuplicates }' },
    400: { description: 'Invalid field; error.path names it' },
    409: { description: 'The same title and body are already stored' },
  },
});

const batchRoute = createRoute({
  method: 'post',
  path: '/api/appeals/batch',
  tags: ['appeals'],
  summary: 'Create up to 1,000 appeals; invalid items are reported',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ appeals: z.array(z.unknown()).min(1).max(1000) }),
        },
      },
    },
  },
  responses: {
    200: {
      description:
        '{ stored, invalid, duplicates, results: [{ index, status, id?, error? }] }',
    },
  },
});

const previewRoute = createRoute({
  method: 'post',
  path: '/api/triage/preview',
  tags: ['appeals'],
  summary: 'Triage text without storing it',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            title: z.string().max(500).optional(),
            body: z.string().trim().min(1).max(20_000),
          }),
        },
      },
    },
  },
  responses: { 200: { description: '{ triage, nearDuplicates, consultation? }' } },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/appeals',
  tags: ['appeals'],
  summary: 'List appeals newest first, with filters and a cursor',
  request: { query: appealListQuery },
  responses: { 200: { description: '{ items, nextCursor }' } },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/api/appeals/{id}',
  tags: ['appeals'],
  summary: 'One appeal with triage, corrections, events and replies',
  request: { params: appealIdParams },
  responses: {
    200: { description: '{ appeal, triage, corrections, events, replies, overdue, dueAt }' },
    404: { description: 'Unknown id, or not dispatched to your department' },
  },
});

/** Registers appeal intake, preview, list and detail endpoints. */
export function registerAppealRoutes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  app.openapi(createRouteConfig, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'appeal:create');
    const prepared = prepareAppeal(context, c.req.valid('json'), actor);
    const nearDuplicates = await nearDuplicatesOf(
      context,
      prepared.appeal.title,
      prepared.appeal.body,
    );
    const id = await storeAppeal(context, prepared, actor);
    const detail = await readAppealDetail(context.db, id, actor, context.config, context.now());
    return c.json({ appeal: detail.appeal, triage: detail.triage, nearDuplicates }, 201);
  });

  app.openapi(batchRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'appeal:create');
    const items = c.req.valid('json').appeals;
    if (items.length > context.config.batchLimit) {
      return c.json(
        {
          error: {
            code: 'invalid_argument',
            message:
              `field "appeals" has ${items.length} items, the limit is ` +
              `${context.config.batchLimit}. Split the batch.`,
            path: 'appeals',
          },
        },
        400,
      );
    }
    const results: Record<string, unknown>[] = [];
    const prepared: { index: number; item: PreparedAppeal }[] = [];
    for (const [index, raw] of items.entries()) {
      const parsed = appealInputSchema.safeParse(raw);
      if (!parsed.success) {
        const error = describeIssue(parsed.error, 'json');
        const path = `appeals.${index}.${error.path ?? ''}`.replace(/\.$/, '');
        results.push({ index, status: 'invalid', error: { ...error, path } });
        continue;
      }
      try {
        prepared.push({ index, item: prepareAppeal(context, parsed.data, actor) });
      } catch (error) {
        if (!HotlineError.isInstance(error)) throw error;
        const reply = toErrorReply(error, context.logger).body.error;
        const path = `appeals.${index}.${reply.path ?? 'body'}`;
        results.push({ index, status: 'invalid', error: { ...reply, path } });
      }
    }
    const outcomes = await storeAppeals(
      context,
      prepared.map((entry) => entry.item),
      actor,
    );
    for (const [position, outcome] of outcomes.entries()) {
      const entry = prepared[position];
      if (entry === undefined) continue;
      results.push(
        outcome.duplicateOf === null
          ? {
              index: entry.index,
              status: 'created',
              id: outcome.id,
              category: entry.item.triage.category,
            }
          : { index: entry.index, status: 'duplicate', id: outcome.duplicateOf },
      );
    }
    results.sort((a, b) => Number(a['index']) - Number(b['index']));
    const count = (status: string) =>
      results.filter((result) => result['status'] === status).length;
    return c.json(
      {
        stored: count('created'),
        invalid: count('invalid'),
        duplicates: count('duplicate'),
        results,
      },
      200,
    );
  });

  app.openapi(previewRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'appeal:create');
    const input = c.req.valid('json');
    const { appeal, triage } = prepareAppeal(context, input, actor);
    const nearDuplicates = await nearDuplicatesOf(context, appeal.title, appeal.body);
    const response: Record<string, unknown> = { triage, nearDuplicates };
    if (triage.elements.appealType === 'consultation') {
      response['consultation'] = await answerQuestion(
        context.store,
        `${appeal.title}${appeal.body}`,
        { logger: context.logger },
      );
    }
    return c.json(response, 200);
  });

  app.openapi(listRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'appeal:read');
    const page = await listAppeals(
      context.db,
      c.req.valid('query'),
      actor,
      context.config,
      context.now(),
    );
    return c.json(page, 200);
  });

  app.openapi(detailRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'appeal:read');
    const { id } = c.req.valid('param');
    const detail = await readAppealDetail(context.db, id, actor, context.config, context.now());
    return c.json(detail, 200);
  });
}
