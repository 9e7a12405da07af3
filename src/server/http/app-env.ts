import type { HttpBindings } from '@hono/node-server';
import type { Actor } from '../auth/roles.ts';

/** Hono environment of the server: Node bindings and the caller. */
export type AppEnv = {
  Bindings: HttpBindings;
  Variables: {
    /** The authenticated caller; set by `authenticate` on /api routes. */
    actor: Actor;
  };
};
