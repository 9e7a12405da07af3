import type { Command } from 'commander';

/** Streams and environment a command writes to; injected for tests. */
export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Exit status the command sets; 0 unless it fails. */
  exitCode: number;
}

/** Adds one subcommand (with its options and action) to the program. */
export type RegisterCommand = (program: Command, context: CliContext) => void;
