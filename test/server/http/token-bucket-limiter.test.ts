import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from '../../../src/server/http/token-bucket-limiter.ts';

describe('TokenBucketLimiter', () => {
  it('allows a burst then refills at the rate', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ ratePerSecond: 2, burst: 3, now: () => now });
    for (let request = 0; request < 3; request += 1) limiter.take('user:1');
    expect(() => limiter.take('user:1')).toThrow(/2 requests per second, bursts of 3/);
    expect(() => limiter.take('user:2')).not.toThrow();
    now = 500;
    expect(() => limiter.take('user:1')).not.toThrow();
    expect(() => limiter.take('user:1')).toThrow(/Retry after 1 seconds/);
  });
});
