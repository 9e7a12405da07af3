import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

// The root tsconfig leaves out web/, whose Vue files need vue-tsc.
it('web app type-checks', { timeout: 120_000 }, async () => {
  const result = await run(
    process.execPath,
    ['node_modules/vue-tsc/bin/vue-tsc.js', '--noEmit', '-p', 'web/tsconfig.json'],
  ).then(
    () => ({ code: 0, output: '' }),
    (error: { code?: number; stdout?: string }) => ({
      code: error.code ?? 1,
      output: error.stdout ?? '',
    }),
  );
  expect(result.output).toBe('');
  expect(result.code).toBe(0);
});
