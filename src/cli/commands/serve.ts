import type { Command } from 'commander';
import { loadServerConfig, defaultServerConfig } from '../../server/server-config.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { resolveDatabasePath } from '../../store/database.ts';
import type { CliContext, RegisterCommand } from '../command.ts';
import { createCliLogger } from './create-cli-logger.ts';
import { parseCount } from './parse-options.ts';

interface ServeFlags {
  db?: string;
  port?: string;
  host?: string;
  config?: string;
  model?: string;
}

/**
 * Builds `hotline serve` with a stop signal source, so tests can stop the
 * server without sending signals to the test process.
 */
export function createServeCommand(
  waitForStop: () => Promise<string> = waitForSignal,
): RegisterCommand {
  return (program: Command, context: CliContext) => {
    program
      .command('serve')
      .description(
        'Serve the HTTP API (/api, /open311/v2, /docs, /metrics) and the ' +
          'browser app from web/dist until SIGINT or SIGTERM.',
      )
      .option('--db <path>', 'SQLite database (default: $HOTLINE_DB or ./hotline.db)')
      .option('--port <number>', 'TCP port; 0 picks a free one (default: 8080)')
      .option('--host <address>', 'address to listen on (default: 127.0.0.1)')
      .option('--config <file>', 'JSON server config: limits, rate limits, thresholds')
      .option('--model <file>', 'triage model file (default: the shipped model)')
      .action(async (flags: ServeFlags) => {
        context.exitCode = await executeServe(flags, context, waitForStop);
      });
  };
}

/** Registers `hotline serve`, stopped by SIGINT or SIGTERM. */
export const registerServe: RegisterCommand = createServeCommand();

async function executeServe(
  flags: ServeFlags,
  context: CliContext,
  waitForStop: () => Promise<string>,
): Promise<number> {
  const port = flags.port === undefined ? 8080 : parseCount('--port', flags.port, 0, 65_535);
  const config =
    flags.config === undefined ? defaultServerConfig : loadServerConfig(flags.config);
  const logger = createCliLogger({
    ...context,
    env: { HOTLINE_LOG_LEVEL: 'info', ...context.env },
  });
  const server: RunningServer = await startServer({
    database: resolveDatabasePath(flags.db, context.env),
    port,
    host: flags.host ?? '127.0.0.1',
    config,
    logger,
    ...(flags.model === undefined ? {} : { modelPath: flags.model }),
  });
  if ((await server.context.accounts.countUsers()) === 0) {
    context.stderr.write(
      'hotline: no users yet. Create the first admin with ' +
        '`hotline users add NAME --role admin`.\n',
    );
  }
  context.stdout.write(`hotline serve: listening on ${server.url}\n`);
  const signal = await waitForStop();
  logger.info({ signal }, 'stopping server');
  await server.close();
  return 0;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
