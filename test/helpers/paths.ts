import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root. */
export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

/** The team's read-only data folder, checked out beside the repository. */
export const sharedDataDir = path.resolve(repoRoot, '../shared/data');

/** Path of a file under the shared data folder. */
export function sharedData(...parts: string[]): string {
  return path.join(sharedDataDir, ...parts);
}
