import { HotlineError } from './hotline-error.ts';

/** A caller sent more requests or failed logins than the limit allows. */
export class RateLimitError extends HotlineError {
  /** Seconds until a retry can succeed. */
  readonly retryAfterSeconds: number;

  constructor(options: { retryAfterSeconds: number; message: string }) {
    super('rate_limited', options);
    this.name = 'RateLimitError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
