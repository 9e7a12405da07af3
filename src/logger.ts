/**
 * Logger interface that library modules take instead of calling the console.
 * The CLI and the server build a pino logger at start-up and pass it down.
 * Never pass appeal text, names or contact fields to it.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Logger that drops everything; the default for library calls. */
export const noopLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
