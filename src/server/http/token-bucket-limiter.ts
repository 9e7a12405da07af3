import { RateLimitError } from '../../errors/index.ts';

/** Settings of `TokenBucketLimiter`. */
export interface TokenBucketOptions {
  /** Tokens added per second, i.e. the sustained request rate. */
  ratePerSecond: number;
  /** Bucket size, i.e. the largest burst. */
  burst: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets kept before idle ones are dropped. */
const maxBuckets = 10_000;

/**
 * A token bucket per caller (user or API token): each request takes one
 * token, tokens refill at `ratePerSecond` up to `burst`.
 */
export class TokenBucketLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #options: Required<Omit<TokenBucketOptions, 'now'>>;
  readonly #now: () => number;

  constructor(options: TokenBucketOptions) {
    this.#options = { ratePerSecond: options.ratePerSecond, burst: options.burst };
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes one token for the caller.
   *
   * @throws RateLimitError when the bucket is empty.
   */
  take(caller: string): void {
    const now = this.#now();
    const { ratePerSecond, burst } = this.#options;
    const bucket = this.#buckets.get(caller) ?? { tokens: burst, updatedAt: now };
    const refill = ((now - bucket.updatedAt) / 1000) * ratePerSecond;
    bucket.tokens = Math.min(burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((1 - bucket.tokens) / ratePerSecond),
      );
      this.#buckets.set(caller, bucket);
      throw new RateLimitError({
        retryAfterSeconds,
        message:
          `request rate limit reached for ${caller}: ${ratePerSecond} ` +
          `requests per second, bursts of ${burst}. Retry after ` +
          `${retryAfterSeconds} seconds or raise rateLimit in the server ` +
          'config.',
      });
    }
    bucket.tokens -= 1;
    if (!this.#buckets.has(caller) && this.#buckets.size >= maxBuckets) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    this.#buckets.set(caller, bucket);
  }
}
