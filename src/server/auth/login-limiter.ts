import { RateLimitError } from '../../errors/index.ts';

/** Limits of `LoginLimiter`. */
export interface LoginLimiterOptions {
  /** Failures allowed per username and address within the window. */
  maxFailures?: number;
  /** Window length in milliseconds; default 15 minutes. */
  windowMs?: number;
  now?: () => number;
}

/**
 * Counts failed logins per username and client address and blocks that
 * pair once it reaches the limit, until the oldest failure leaves the
 * window. A successful login clears the pair.
 */
export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: LoginLimiterOptions = {}) {
    this.#maxFailures = options.maxFailures ?? 5;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Throws while the pair is blocked.
   *
   * @throws RateLimitError with the seconds until the next attempt.
   */
  check(username: string, address: string): void {
    const times = this.#recent(username, address);
    if (times.length < this.#maxFailures) return;
    const oldest = times[0] ?? this.#now();
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((oldest + this.#windowMs - this.#now()) / 1000),
    );
    throw new RateLimitError({
      retryAfterSeconds,
      message:
        `too many failed logins for this username from this address ` +
        `(${this.#maxFailures} within ${this.#windowMs / 60_000} minutes). ` +
        `Retry after ${retryAfterSeconds} seconds.`,
    });
  }

  /** Records one failed attempt. */
  recordFailure(username: string, address: string): void {
    const times = this.#recent(username, address);
    times.push(this.#now());
    this.#failures.set(key(username, address), times);
  }

  /** Forgets the failures of a pair after a successful login. */
  reset(username: string, address: string): void {
    this.#failures.delete(key(username, address));
  }

  #recent(username: string, address: string): number[] {
    const cutoff = this.#now() - this.#windowMs;
    const times = (this.#failures.get(key(username, address)) ?? []).filter(
      (time) => time > cutoff,
    );
    if (times.length === 0) this.#failures.delete(key(username, address));
    return times;
  }
}

function key(username: string, address: string): string {
  return `${username.toLowerCase()}\u0000${address}`;
}
