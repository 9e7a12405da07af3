import { pino } from 'pino';
import { InvalidArgumentError } from '../../errors/index.ts';
import type { Logger } from '../../logger.ts';
import type { CliContext } from '../command.ts';

/**
 * Builds the pino logger of a command, writing JSON lines to stderr at
 * the level in HOTLINE_LOG_LEVEL (default `warn`, so progress stays
 * readable).
 */
export function createCliLogger(context: CliContext): Logger {
  const level = context.env['HOTLINE_LOG_LEVEL'] ?? 'warn';
  const levels = Object.keys(pino.levels.values).concat('silent');
  if (!levels.includes(level)) {
    throw new InvalidArgumentError({
      parameter: 'HOTLINE_LOG_LEVEL',
      value: level,
      message:
        `HOTLINE_LOG_LEVEL "${level}" is not a log level. ` +
        `Set one of: ${levels.join(', ')}.`,
    });
  }
  const logger = pino({ level, base: null }, context.stderr);
  return {
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
}
