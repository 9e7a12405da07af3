import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../../src/server/auth/login-limiter.ts';

describe('LoginLimiter', () => {
  it('blocks a pair until the window passes', () => {
    let now = 0;
    const limiter = new LoginLimiter({ maxFailures: 2, windowMs: 60_000, now: () => now });
    limiter.recordFailure('alice', '127.0.0.1');
    limiter.recordFailure('alice', '127.0.0.1');
    expect(() => limiter.check('alice', '127.0.0.1')).toThrow(/Retry after 60 seconds/);
    expect(() => limiter.check('alice', '127.0.0.2')).not.toThrow();
    now = 60_001;
    expect(() => limiter.check('alice', '127.0.0.1')).not.toThrow();
  });

  it('forgets failures after a success', () => {
    const limiter = new LoginLimiter({ maxFailures: 1, now: () => 0 });
    limiter.recordFailure('bob', 'a');
    limiter.reset('bob', 'a');
    expect(() => limiter.check('bob', 'a')).not.toThrow();
  });
});
