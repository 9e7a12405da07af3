import { HotlineError } from './hotline-error.ts';

/** A change does not fit the current state of a record (e.g. a status). */
export class ConflictError extends HotlineError {
  readonly resource: string;
  /** The state that blocks the change, e.g. the current status. */
  readonly current: string;

  constructor(options: { resource: string; current: string; message: string }) {
    super('conflict', options);
    this.name = 'ConflictError';
    this.resource = options.resource;
    this.current = options.current;
  }
}
