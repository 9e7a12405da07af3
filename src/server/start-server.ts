import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { noopLogger, type Logger } from '../logger.ts';
import { openStore } from '../store/database.ts';
import { createTriagePipeline } from '../triage/triage.ts';
import { AccountStore } from './auth/account-store.ts';
import { LoginLimiter } from './auth/login-limiter.ts';
import { createApp } from './create-app.ts';
import { TokenBucketLimiter } from './http/token-bucket-limiter.ts';
import type { ServerContext } from './server-context.ts';
import { defaultServerConfig, type ServerConfig } from './server-config.ts';
import { createServerMetrics } from './server-metrics.ts';
import type { WorkflowTables } from './store/workflow-tables.ts';

/** The browser app's build folder in this checkout. */
export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Options of `startServer`. */
export interface StartServerOptions {
  /** SQLite database path. */
  database: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1. */
  host?: string;
  config?: ServerConfig;
  /** Triage model file; defaults to the shipped model. */
  modelPath?: string;
  /** Built browser app; defaults to web/dist when it exists. */
  webRoot?: string | null;
  logger?: Logger;
  now?: () => Date;
  random?: (size: number) => Buffer;
}

/** A listening server and how to stop it. */
export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  context: ServerContext;
  /** Stops listening, then closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store, loads the triage model and starts the HTTP server.
 *
 * @throws InvalidArgumentError when the database cannot be opened.
 * @throws ModelFormatError when the model file is missing or invalid.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const config = options.config ?? defaultServerConfig;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? noopLogger;
  const pipeline = await createTriagePipeline({
    ...(options.modelPath === undefined ? {} : { modelPath: options.modelPath }),
    now,
  });
  const store = await openStore(options.database);
  const webRoot =
    options.webRoot !== undefined
      ? options.webRoot
      : existsSync(path.join(defaultWebRoot, 'index.html'))
        ? defaultWebRoot
        : null;
  const context: ServerContext = {
    store,
    db: store.db.withTables<WorkflowTables>(),
    pipeline,
    accounts: new AccountStore(store, {
      now,
      ...(options.random === undefined ? {} : { random: options.random }),
      sessionHours: config.sessionHours,
    }),
    config,
    metrics: createServerMetrics(pipeline.modelVersion),
    loginLimiter: new LoginLimiter({
      maxFailures: config.login.maxFailures,
      windowMs: config.login.windowMinutes * 60_000,
      now: () => now().getTime(),
    }),
    apiLimiter: new TokenBucketLimiter({
      ratePerSecond: config.rateLimit.ratePerSecond,
      burst: config.rateLimit.burst,
      now: () => now().getTime(),
    }),
    logger,
    now,
    webRoot,
  };
  const app = createApp(context);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve(
      { fetch: app.fetch, port: options.port ?? 8080, hostname: options.host ?? '127.0.0.1' },
      () => resolve(started),
    );
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  logger.info({ url, modelVersion: pipeline.modelVersion, webRoot }, 'server started');
  return {
    url,
    port: address.port,
    context,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await store.close();
      logger.info({ url }, 'server stopped');
    },
  };
}
