import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigFormatError, InputFileError } from '../errors/index.ts';

const configSchema = z.strictObject({
  /** Largest request body in bytes. */
  bodyLimitBytes: z.number().int().positive().default(1_048_576),
  /** Appeals below this model confidence go to the review queue. */
  reviewThreshold: z.number().gt(0).lte(1).default(0.6),
  /** Hours an order may stay open, per category, before it is overdue. */
  timeLimitHours: z
    .strictObject({
      default: z.number().positive().default(120),
      byCategory: z.record(z.string(), z.number().positive()).default({}),
    })
    .default({ default: 120, byCategory: {} }),
  /** Request rate per user or API token (token bucket). */
  rateLimit: z
    .strictObject({
      ratePerSecond: z.number().positive().default(50),
      burst: z.number().int().positive().default(100),
    })
    .default({ ratePerSecond: 50, burst: 100 }),
  /** Failed logins allowed per username and address in the window. */
  login: z
    .strictObject({
      maxFailures: z.number().int().positive().default(5),
      windowMinutes: z.number().positive().default(15),
    })
    .default({ maxFailures: 5, windowMinutes: 15 }),
  /** Session lifetime in hours. */
  sessionHours: z.number().positive().default(12),
  /** Most appeals one batch request may carry. */
  batchLimit: z.number().int().positive().default(1000),
});

/** Settings of `hotline serve`, from a JSON file or the defaults. */
export type ServerConfig = z.infer<typeof configSchema>;

/** Parses a config object, filling in defaults. */
export function parseServerConfig(
  value: unknown,
  file = 'server config',
): ServerConfig {
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new ConfigFormatError({
    file,
    field,
    message:
      `${file}: field "${field}" is invalid: ${issue?.message ?? 'unknown'}. ` +
      'Fix the value or remove it to use the default.',
  });
}

/** Default settings: 1 MB bodies, threshold 0.6, 120 h per order, ... */
export const defaultServerConfig: ServerConfig = parseServerConfig({});

/**
 * Reads a JSON config file.
 *
 * @throws InputFileError when it cannot be read or parsed as JSON.
 * @throws ConfigFormatError for a field that breaks the schema.
 */
export function loadServerConfig(file: string): ServerConfig {
  let text: string;
  let value: unknown;
  try {
    text = readFileSync(file, 'utf8');
    value = JSON.parse(text);
  } catch (error) {
    throw new InputFileError({
      file,
      message:
        `cannot read the server config "${file}" as JSON: ` +
        `${(error as Error).message}. Pass --config with a JSON file.`,
      cause: error,
    });
  }
  return parseServerConfig(value, file);
}
