import { HotlineError } from './hotline-error.ts';

/** A caller passed a value that breaks a rule: a flag, a field, a row. */
export class InvalidArgumentError extends HotlineError {
  readonly parameter: string;
  readonly value: unknown;

  constructor(options: {
    parameter: string;
    value: unknown;
    message: string;
    cause?: unknown;
  }) {
    super('invalid_argument', options);
    this.name = 'InvalidArgumentError';
    this.parameter = options.parameter;
    this.value = options.value;
  }
}
