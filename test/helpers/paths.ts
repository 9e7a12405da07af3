import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root. */
export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

/**
 * The team's read-only data folder (real messages, laws, divisions): the
 * `shared/data` folder checked out beside the repository, or the folder
 * that HOTLINE_SHARED_DATA names.
 */
export const sharedDataDir = path.resolve(
  process.env['HOTLINE_SHARED_DATA'] ?? path.join(repoRoot, '../shared/data'),
);

/** Path of a file under the shared data folder. */
export function sharedData(...parts: string[]): string {
  return path.join(sharedDataDir, ...parts);
}
