import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { acknowledgeAlert, listAlerts } from '../../hotspot/alerts.ts';
import { listHotspots } from '../../hotspot/list-hotspots.ts';
import { answerQuestion } from '../../kb/answer-question.ts';
import { requirePermission } from '../auth/roles.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { ServerContext } from '../server-context.ts';
import { writeAudit } from '../store/audit-log.ts';
import { queryDashboardStats } from '../store/stats-queries.ts';
import { statsQuery } from './appeal-schemas.ts';

const statsRoute = createRoute({
  method: 'get',
  path: '/api/stats',
  tags: ['insight'],
  summary: 'Dashboard counts over a receipt-time window',
  request: { query: statsQuery },
  responses: {
    200: {
      description:
        '{ volumeByDay, categories, departments, topLocations, ' +
        'lowConfidenceShare, appealTypes, total }',
    },
  },
});

const hotspotsRoute = createRoute({
  method: 'get',
  path: '/api/hotspots',
  tags: ['insight'],
  summary: 'Ranked topic clusters of the window',
  request: {
    query: statsQuery.extend({
      top: z.coerce.number().int().min(1).max(100).optional(),
    }),
  },
  responses: { 200: { description: '{ items: [{ rank, score, label, ... }] }' } },
});

const alertsRoute = createRoute({
  method: 'get',
  path: '/api/alerts',
  tags: ['insight'],
  summary: 'Stored surge alerts, newest first',
  request: {
    query: z.object({
      status: z.enum(['open', 'acknowledged']).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
  },
  responses: { 200: { description: '{ items: Alert[] }' } },
});

const acknowledgeRoute = createRoute({
  method: 'post',
  path: '/api/alerts/{id}/ack',
  tags: ['insight'],
  summary: 'Acknowledge an alert',
  request: {
    params: z.object({
      id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: { 200: { description: '{ ok: true }' }, 404: { description: 'Unknown alert' } },
});

const askRoute = createRoute({
  method: 'post',
  path: '/api/ask',
  tags: ['insight'],
  summary: 'Answer a policy question from the knowledge base, with citations',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ question: z.string().trim().min(2).max(2000) }),
        },
      },
    },
  },
  responses: { 200: { description: 'AnswerResult: status, answer, citations, ...' } },
});

/** Largest number of member ids returned per hotspot. */
const hotspotMemberLimit = 50;

/** Registers stats, hotspots, alerts and knowledge-base questions. */
export function registerInsightRoutes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  app.openapi(statsRoute, async (c) => {
    requirePermission(c.get('actor'), 'stats:read');
    const stats = await queryDashboardStats(
      context.db,
      c.req.valid('query'),
      context.config,
      context.now(),
    );
    return c.json(stats, 200);
  });

  app.openapi(hotspotsRoute, async (c) => {
    requirePermission(c.get('actor'), 'stats:read');
    const query = c.req.valid('query');
    const hotspots = await listHotspots(context.store, {
      ...(query.from === undefined ? {} : { since: query.from }),
      ...(query.to === undefined ? {} : { until: query.to }),
      top: query.top ?? 10,
    });
    const items = hotspots.map((hotspot) => ({
      rank: hotspot.rank,
      score: hotspot.score,
      label: hotspot.cluster.label,
      terms: hotspot.cluster.terms,
      place: hotspot.cluster.place,
      count: hotspot.cluster.count,
      distinctCallers: hotspot.cluster.distinctCallers,
      firstAt: hotspot.cluster.firstAt,
      lastAt: hotspot.cluster.lastAt,
      appealIds: hotspot.cluster.appealIds.slice(0, hotspotMemberLimit),
      examples: hotspot.appeals.slice(0, 3).map((appeal) => ({
        id: appeal.id,
        title: appeal.title,
      })),
    }));
    return c.json({ items }, 200);
  });

  app.openapi(alertsRoute, async (c) => {
    requirePermission(c.get('actor'), 'stats:read');
    const query = c.req.valid('query');
    const items = await listAlerts(context.store, {
      ...(query.status === undefined ? {} : { status: query.status }),
      limit: query.limit ?? 100,
    });
    return c.json({ items }, 200);
  });

  app.openapi(acknowledgeRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'alert:ack');
    const { id } = c.req.valid('param');
    await acknowledgeAlert(context.store, id, actor.name, context.now);
    await writeAudit(
      context.db,
      { actor: actor.name, action: 'alert.acknowledge', target: `alert:${id}` },
      context.now(),
    );
    return c.json({ ok: true }, 200);
  });

  app.openapi(askRoute, async (c) => {
    requirePermission(c.get('actor'), 'appeal:read');
    const { question } = c.req.valid('json');
    const answer = await answerQuestion(context.store, question, {
      logger: context.logger,
    });
    return c.json(answer, 200);
  });
}
