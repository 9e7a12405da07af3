/**
 * Delay before retry number `attempt` (1-based): exponential backoff with
 * full jitter, a uniform draw in [0, min(max, base * 2^(attempt - 1))).
 * A server's Retry-After, when given, replaces the draw but is still capped
 * at `maxMs`.
 */
export function backoffDelay(
  attempt: number,
  options: {
    baseMs: number;
    maxMs: number;
    random: () => number;
    retryAfterMs?: number | null;
  },
): number {
  if (options.retryAfterMs !== undefined && options.retryAfterMs !== null) {
    return Math.min(options.maxMs, Math.max(0, options.retryAfterMs));
  }
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}

/**
 * Parses a Retry-After header: delay seconds or an HTTP date. Returns the
 * delay in milliseconds, or null when the header is absent or unreadable.
 */
export function parseRetryAfter(
  header: string | null,
  now: Date,
): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}
