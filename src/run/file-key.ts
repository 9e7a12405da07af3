import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Bytes from the start of a file that identify it for resuming. */
export const fileKeyPrefixBytes = 64 * 1024;

/**
 * Returns the resume key of an input file: sha256 over its size and first
 * 64 KiB. The key survives renames and copies, and changes when the file
 * is rewritten with a different start or length, so a grown file is read
 * again from the top (content hashes then skip what is stored).
 */
export async function computeFileKey(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const prefix = Buffer.alloc(Math.min(size, fileKeyPrefixBytes));
    let filled = 0;
    while (filled < prefix.length) {
      const { bytesRead } = await handle.read(
        prefix,
        filled,
        prefix.length - filled,
        filled,
      );
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return createHash('sha256')
      .update(`${size}\n`)
      .update(prefix.subarray(0, filled))
      .digest('hex');
  } finally {
    await handle.close();
  }
}
