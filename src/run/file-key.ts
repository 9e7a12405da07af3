import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Bytes from the start of a file that identify it for resuming. */
export const fileKeyPrefixBytes = 64 * 1024;

/** The resume key of an input file and the bytes it was computed from. */
export interface FileIdentity {
  key: string;
  /** The first `fileKeyPrefixBytes` bytes (fewer for a short file). */
  prefix: Buffer;
}

/**
 * Computes the resume key of an input file: sha256 over its size and first
 * 64 KiB. The key survives renames and copies, and changes when the file
 * is rewritten with a different start or length, so a grown file is read
 * again from the top (content hashes then skip what is stored).
 */
export async function identifyFile(file: string): Promise<FileIdentity> {
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
    const read = prefix.subarray(0, filled);
    const key = createHash('sha256')
      .update(`${size}\n`)
      .update(read)
      .digest('hex');
    return { key, prefix: read };
  } finally {
    await handle.close();
  }
}
