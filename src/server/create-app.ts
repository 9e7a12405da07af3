import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './http/app-env.ts';
import { authenticate } from './http/authenticate.ts';
import { sendError, toErrorReply } from './http/error-response.ts';
import { validationHook } from './http/validation-hook.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerAppealRoutes } from './routes/appeal-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerExpertReviewRoutes } from './routes/expert-review-routes.ts';
import { registerInsightRoutes } from './routes/insight-routes.ts';
import { open311ErrorBody, registerOpen311Routes } from './routes/open311-routes.ts';
import { registerSystemRoutes } from './routes/system-routes.ts';
import { registerWebRoutes } from './routes/web-routes.ts';
import { registerWorkOrderRoutes } from './routes/work-order-routes.ts';
import type { ServerContext } from './server-context.ts';
import { serverMessages } from './server-messages.ts';

/**
 * Builds the hono app: metrics, body limits, authentication and rate
 * limits on /api, every route, JSON errors and the browser app last.
 */
export function createApp(context: ServerContext): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    context.metrics.requests.inc({
      method: c.req.method,
      route,
      status: String(c.res.status),
    });
    context.metrics.latency.observe(
      { method: c.req.method, route },
      (performance.now() - started) / 1000,
    );
  });

  const limit = context.config.bodyLimitBytes;
  const limitBody = bodyLimit({
    maxSize: limit,
    onError: (c) =>
      c.req.path.startsWith('/open311/')
        ? c.json(open311ErrorBody(413, serverMessages.bodyTooLarge(limit)), 413)
        : c.json(
            { error: { code: 'payload_too_large', message: serverMessages.bodyTooLarge(limit) } },
            413,
          ),
  });
  app.use('/api/*', limitBody);
  app.use('/open311/*', limitBody);
  app.use('/api/*', authenticate(context));

  registerAuthRoutes(app, context);
  registerAppealRoutes(app, context);
  registerWorkOrderRoutes(app, context);
  registerInsightRoutes(app, context);
  registerExpertReviewRoutes(app, context);
  registerAdminRoutes(app, context);
  registerOpen311Routes(app, context);
  registerSystemRoutes(app, context);

  app.all('/api/*', (c) =>
    c.json(
      {
        error: {
          code: 'not_found',
          message: serverMessages.unknownRoute(c.req.method, c.req.path),
        },
      },
      404,
    ),
  );
  registerWebRoutes(app, context);

  app.onError((error, c) => {
    const reply = toErrorReply(error, context.logger);
    if (c.req.path.startsWith('/open311/')) {
      for (const [name, value] of Object.entries(reply.headers)) c.header(name, value);
      return c.json(open311ErrorBody(reply.status, reply.body.error.message), reply.status);
    }
    return sendError(c, reply);
  });
  return app;
}
