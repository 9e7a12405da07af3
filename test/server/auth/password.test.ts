import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/server/auth/password.ts';

describe('password hashing', () => {
  it('verifies the right password only', async () => {
    const stored = await hashPassword('a long password');
    expect(await verifyPassword('a long password', stored)).toBe(true);
    expect(await verifyPassword('a long passworD', stored)).toBe(false);
    expect(await verifyPassword('a long password', 'plain text')).toBe(false);
  });

  it('salts every hash', async () => {
    const first = await hashPassword('same password');
    const second = await hashPassword('same password');
    expect(first).not.toBe(second);
  });

  it('rejects a short password without echoing it', async () => {
    await expect(hashPassword('hunter2')).rejects.toThrow(/7 characters, the minimum is 10/);
    await expect(hashPassword('hunter2')).rejects.not.toThrow(/hunter2/);
  });
});
