import { HotlineError } from './hotline-error.ts';

/** A request carries no valid credentials: no session, token or password. */
export class UnauthorizedError extends HotlineError {
  constructor(options: { message: string; cause?: unknown }) {
    super('unauthorized', options);
    this.name = 'UnauthorizedError';
  }
}
