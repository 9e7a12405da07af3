import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { InvalidArgumentError } from '../../errors/index.ts';

/** scrypt cost parameters; N = 2^14 takes about 30 ms on one core. */
const costN = 16_384;
const blockSize = 8;
const parallelism = 1;
const keyLength = 32;
const saltLength = 16;

/** Shortest password a user may set. */
export const minimumPasswordLength = 10;

function deriveKey(
  password: string,
  salt: Buffer,
  options: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * Hashes a password with scrypt and a fresh 16-byte salt, returning
 * `scrypt$N$r$p$salt$hash` (base64) so the cost can rise later without
 * breaking stored hashes.
 *
 * @throws InvalidArgumentError for a password shorter than
 * `minimumPasswordLength`.
 */
export async function hashPassword(
  password: string,
  random: (size: number) => Buffer = randomBytes,
): Promise<string> {
  if (password.length < minimumPasswordLength) {
    throw new InvalidArgumentError({
      parameter: 'password',
      value: `${password.length} characters`,
      message:
        `the password has ${password.length} characters, the minimum is ` +
        `${minimumPasswordLength}. Choose a longer password.`,
    });
  }
  const salt = random(saltLength);
  const key = await deriveKey(password, salt, {
    N: costN,
    r: blockSize,
    p: parallelism,
  });
  return [
    'scrypt',
    costN,
    blockSize,
    parallelism,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/**
 * Checks a password against a stored hash in constant time. Returns false
 * for a wrong password and for a malformed hash.
 */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts;
  const expected = Buffer.from(keyText ?? '', 'base64');
  if (expected.length !== keyLength) return false;
  const key = await deriveKey(password, Buffer.from(saltText ?? '', 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(key, expected);
}
