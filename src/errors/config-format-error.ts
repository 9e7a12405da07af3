import { HotlineError } from './hotline-error.ts';

/** A configuration file (such as a department catalogue) breaks its schema. */
export class ConfigFormatError extends HotlineError {
  readonly file: string;
  /** Dotted path of the offending field, e.g. rules[2].department. */
  readonly field: string;

  constructor(options: {
    file: string;
    field: string;
    message: string;
    cause?: unknown;
  }) {
    super('config_invalid', options);
    this.name = 'ConfigFormatError';
    this.file = options.file;
    this.field = options.field;
  }
}
