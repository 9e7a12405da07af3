import { existsSync } from 'node:fs';
import { sharedData, sharedDataDir } from './paths.ts';

/**
 * Vitest global setup: stops the run with one clear message when the data
 * folder that many tests read is missing, instead of dozens of ENOENT
 * failures.
 */
export default function checkSharedData(): void {
  const probe = sharedData('teddy2020_c', 'att2_train.jsonl');
  if (!existsSync(probe)) {
    throw new Error(
      `test data not found: ${probe} does not exist. Check out the team's ` +
        `shared folder beside the repository (expected ${sharedDataDir}) ` +
        'or set HOTLINE_SHARED_DATA to its data folder.',
    );
  }
}
