import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/database.ts';
import type { TriagePipeline } from '../triage/triage.ts';
import type { AccountStore } from './auth/account-store.ts';
import type { LoginLimiter } from './auth/login-limiter.ts';
import type { TokenBucketLimiter } from './http/token-bucket-limiter.ts';
import type { ServerConfig } from './server-config.ts';
import type { ServerMetrics } from './server-metrics.ts';
import type { ServerDatabase } from './store/workflow-tables.ts';

/** Everything the routes share; built once by `createServerContext`. */
export interface ServerContext {
  store: Store;
  db: Kysely<ServerDatabase>;
  pipeline: TriagePipeline;
  accounts: AccountStore;
  config: ServerConfig;
  metrics: ServerMetrics;
  loginLimiter: LoginLimiter;
  apiLimiter: TokenBucketLimiter;
  logger: Logger;
  now: () => Date;
  /** Folder of the built browser app, or null when it is not built. */
  webRoot: string | null;
}
