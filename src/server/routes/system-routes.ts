import { sql } from 'kysely';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import type { ServerContext } from '../server-context.ts';
import { renderDocsPage } from './render-docs-page.ts';

/**
 * Registers `/healthz` (database reachable, model version), `/metrics`
 * (Prometheus text), `/openapi.json` and the `/docs` page. None needs
 * credentials.
 */
export function registerSystemRoutes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  app.get('/healthz', async (c) => {
    let database = 'ok';
    try {
      await sql`select 1`.execute(context.db);
    } catch (error) {
      database = 'unreachable';
      context.logger.error({ error: (error as Error).message }, 'health check failed');
    }
    return c.json(
      { status: database === 'ok' ? 'ok' : 'failing', database, modelVersion: context.pipeline.modelVersion },
      database === 'ok' ? 200 : 503,
    );
  });

  app.get('/metrics', async (c) => {
    c.header('Content-Type', context.metrics.registry.contentType);
    return c.body(await context.metrics.registry.metrics());
  });

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'hotline API',
      version: '1',
      description:
        'HTTP API over the hotline store. Sign in with POST /api/auth/login ' +
        '(cookie) or send Authorization: Bearer TOKEN.',
    },
  });

  app.get('/docs', (c) => c.html(renderDocsPage()));
}
