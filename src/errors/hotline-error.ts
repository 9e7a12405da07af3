const marker = Symbol.for('hotline.error');

/** Options shared by every hotline error. */
export interface HotlineErrorOptions {
  message: string;
  cause?: unknown;
}

/**
 * Base class of every error the product raises on purpose. Each subclass sets
 * a stable `name` and a snake_case `code` that callers and the HTTP API match
 * on; the message is for people and names the value and the fix.
 */
export class HotlineError extends Error {
  readonly [marker] = true;
  readonly code: string;

  constructor(code: string, options: HotlineErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'HotlineError';
    this.code = code;
  }

  /** Checks by marker, so the test holds across duplicate installs. */
  static isInstance(value: unknown): value is HotlineError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}
