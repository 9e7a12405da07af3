import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { HotlineError } from '../errors/index.ts';
import type { CliContext } from './command.ts';
import { loadCommands } from './commands/index.ts';

/** The version in package.json. */
function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * Runs the command line and returns the exit status. Results go to stdout,
 * progress and errors to stderr.
 */
export async function main(
  argv: string[],
  context: Partial<CliContext> = {},
): Promise<number> {
  const cli: CliContext = {
    stdout: context.stdout ?? process.stdout,
    stderr: context.stderr ?? process.stderr,
    env: context.env ?? process.env,
    exitCode: 0,
  };
  const program = new Command('hotline')
    .description('Triage, dispatch and analyse 12345 hotline appeals offline.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cli.stdout.write(text),
      writeErr: (text) => cli.stderr.write(text),
    });
  for (const register of await loadCommands(argv)) register(program, cli);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (HotlineError.isInstance(error)) {
      cli.stderr.write(`hotline: error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  return cli.exitCode;
}
