import { InvalidArgumentError } from '../errors/index.ts';

/** Encodes a signature as base64 of little-endian uint32 values. */
export function encodeSignature(signature: Uint32Array): string {
  const bytes = Buffer.alloc(signature.length * 4);
  for (let i = 0; i < signature.length; i += 1) {
    bytes.writeUInt32LE(signature[i] as number, i * 4);
  }
  return bytes.toString('base64');
}

/**
 * Decodes a stored signature.
 *
 * @throws InvalidArgumentError when the length does not match.
 */
export function decodeSignature(text: string, hashCount: number): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== hashCount * 4) {
    throw new InvalidArgumentError({
      parameter: 'signature',
      value: bytes.length,
      message:
        `stored signature has ${bytes.length} bytes, expected ` +
        `${hashCount * 4} (${hashCount} uint32 values). Delete the row ` +
        'from appeal_signatures so it is recomputed.',
    });
  }
  const signature = new Uint32Array(hashCount);
  for (let i = 0; i < hashCount; i += 1) {
    signature[i] = bytes.readUInt32LE(i * 4);
  }
  return signature;
}
