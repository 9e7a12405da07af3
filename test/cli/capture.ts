import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';

/** Output and exit status of one in-process CLI call. */
export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main` with capturing streams and the given environment. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  options: { stderrIsTty?: boolean } = {},
): Promise<CliOutput> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), {
    isTTY: options.stderrIsTty ?? false,
    columns: 100,
    cursorTo: (_x: number, _y?: number) => true,
    clearLine: (_direction: number) => true,
    moveCursor: (_dx: number, _dy: number) => true,
  });
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  stdout.on('data', (chunk: Buffer) => chunks.stdout.push(chunk));
  stderr.on('data', (chunk: Buffer) => chunks.stderr.push(chunk));
  const code = await main(argv, { stdout, stderr, env });
  return {
    code,
    stdout: Buffer.concat(chunks.stdout).toString('utf8'),
    stderr: Buffer.concat(chunks.stderr).toString('utf8'),
  };
}
