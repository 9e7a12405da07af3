import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { InvalidArgumentError, NotFoundError } from '../../errors/index.ts';
import { requirePermission, type Actor } from '../auth/roles.ts';
import type { AppEnv } from '../http/app-env.ts';
import { resolveActor, sessionCookie } from '../http/authenticate.ts';
import { describeIssue } from '../http/validation-hook.ts';
import type { ServerContext } from '../server-context.ts';
import { prepareAppeal, storeAppeal } from '../store/appeal-intake.ts';
import {
  listAppeals,
  readVisibleAppeal,
  toListItem,
  type AppealListItem,
} from '../store/appeal-queries.ts';
import { toLocalIso } from '../store/due-time.ts';

/**
 * Service codes of the shipped model's categories. Codes are part of the
 * public interface, so a category keeps its code across models; a
 * category not listed gets `category-` plus 8 hex digits of its sha256.
 */
const knownServiceCodes: Record<string, string> = {
  交通运输: 'transport',
  劳动和社会保障: 'labour-social-security',
  卫生计生: 'health-family-planning',
  商贸旅游: 'commerce-tourism',
  城乡建设: 'urban-rural-construction',
  教育文体: 'education-culture-sports',
  环境保护: 'environment',
};

/** Returns the stable Open311 service code of a category. */
export function serviceCodeOf(category: string): string {
  return (
    knownServiceCodes[category] ??
    `category-${createHash('sha256').update(category).digest('hex').slice(0, 8)}`
  );
}

/** Open311's error body: an array of `{ code, description }`. */
export function open311ErrorBody(status: number, description: string) {
  return [{ code: status, description }];
}

const requestBodySchema = z.object({
  api_key: z.string().optional(),
  service_code: z.string().min(1, 'service_code is required'),
  description: z.string().trim().min(1, 'description is required').max(20_000),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().max(500).optional(),
  email: z.string().max(200).optional(),
  phone: z.string().max(50).optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
});

const listQuerySchema = z.object({
  service_code: z.string().optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.string().datetime({ offset: true }).optional(),
  end_date: z.string().datetime({ offset: true }).optional(),
});

/** Maps a listed appeal onto an Open311 service request. */
function toServiceRequest(item: AppealListItem) {
  const address = [item.divisionPath.join(''), item.location ?? '']
    .filter((part) => part !== '')
    .join(' ');
  return {
    service_request_id: String(item.id),
    status: item.status === 'closed' ? 'closed' : 'open',
    status_notes: item.status,
    service_name: item.category,
    service_code: item.category === null ? null : serviceCodeOf(item.category),
    description: item.summary ?? item.title,
    agency_responsible: item.department,
    service_notice: null,
    requested_datetime:
      item.receivedAt === null ? item.createdAt : `${item.receivedAt}+08:00`,
    updated_datetime: item.createdAt,
    expected_datetime: item.dueAt,
    address: address === '' ? null : address,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

/** Converts an Open311 date with a zone into local receipt time. */
function localBound(value: string | undefined): string | undefined {
  return value === undefined ? undefined : toLocalIso(new Date(value));
}

/** Reads a form-encoded or JSON body as a flat object of strings. */
async function readRequestBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    const value: unknown = await c.req.json();
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  }
  const form = await c.req.parseBody();
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(form)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/**
 * Registers Open311 GeoReport v2 endpoints: services, request list,
 * single request and request creation. `api_key` (query or body) is one
 * of our API tokens; a session cookie or bearer token works too.
 *
 * NOTE: these routes are plain hono routes, so /openapi.json does not
 * list them; the GeoReport v2 specification is their reference.
 */
export function registerOpen311Routes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  const authorize = async (c: Context<AppEnv>, apiKey: unknown): Promise<Actor> => {
    const header =
      typeof apiKey === 'string' && apiKey !== ''
        ? `Bearer ${apiKey}`
        : c.req.header('authorization');
    const actor = await resolveActor(context, header, getCookie(c, sessionCookie));
    context.apiLimiter.take(`${actor.kind}:${actor.id}`);
    return actor;
  };

  app.get('/open311/v2/services.json', (c) =>
    c.json(
      context.pipeline.student.labels.map((category) => ({
        service_code: serviceCodeOf(category),
        service_name: category,
        description: category,
        metadata: false,
        type: 'realtime',
        keywords: '',
        group: '',
      })),
    ),
  );

  app.get('/open311/v2/requests.json', async (c) => {
    const actor = await authorize(c, c.req.query('api_key'));
    requirePermission(actor, 'appeal:read');
    const parsed = listQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = describeIssue(parsed.error, 'query');
      return c.json(open311ErrorBody(400, issue.message), 400);
    }
    const query = parsed.data;
    let category: string | undefined;
    if (query.service_code !== undefined) {
      category = context.pipeline.student.labels.find(
        (label) => serviceCodeOf(label) === query.service_code,
      );
      if (category === undefined) return c.json([]);
    }
    const page = await listAppeals(
      context.db,
      {
        category,
        closed: query.status === undefined ? undefined : query.status === 'closed',
        from: localBound(query.start_date),
        to: localBound(query.end_date),
        limit: 200,
      },
      actor,
      context.config,
      context.now(),
    );
    return c.json(page.items.map(toServiceRequest));
  });

  app.get('/open311/v2/requests/:file', async (c) => {
    const actor = await authorize(c, c.req.query('api_key'));
    requirePermission(actor, 'appeal:read');
    const match = /^(\d+)\.json$/.exec(c.req.param('file'));
    if (match === null) {
      throw new NotFoundError({
        resource: 'service request',
        id: c.req.param('file'),
        message:
          `service request "${c.req.param('file')}" not found. Use ` +
          '/open311/v2/requests/ID.json with a numeric id.',
      });
    }
    const row = await readVisibleAppeal(context.db, Number(match[1]), actor);
    return c.json([toServiceRequest(toListItem(row, context.config, context.now()))]);
  });

  app.post('/open311/v2/requests.json', async (c) => {
    const body = await readRequestBody(c);
    const actor = await authorize(c, body['api_key']);
    requirePermission(actor, 'appeal:create');
    const parsed = requestBodySchema.safeParse(body);
    if (!parsed.success) {
      const issue = describeIssue(parsed.error, 'form');
      return c.json(open311ErrorBody(400, issue.message), 400);
    }
    const input = parsed.data;
    const category = context.pipeline.student.labels.find(
      (label) => serviceCodeOf(label) === input.service_code,
    );
    if (category === undefined) {
      throw new InvalidArgumentError({
        parameter: 'service_code',
        value: input.service_code,
        message:
          `service_code "${input.service_code}" is unknown. List codes ` +
          'with GET /open311/v2/services.json.',
      });
    }
    const address = input.address_string?.trim() ?? '';
    const prepared = prepareAppeal(
      context,
      {
        body: address === '' ? input.description : `${input.description}\n地址：${address}`,
        caller: input.phone ?? input.email,
      },
      actor,
    );
    prepared.appeal.recordedCategory = category;
    if (input.lat !== undefined && input.long !== undefined) {
      prepared.appeal.extra['lat'] = String(input.lat);
      prepared.appeal.extra['long'] = String(input.long);
    }
    const id = await storeAppeal(context, prepared, actor);
    return c.json([{ service_request_id: String(id), service_notice: null, account_id: null }], 201);
  });
}
