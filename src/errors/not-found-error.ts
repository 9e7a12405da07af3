import { HotlineError } from './hotline-error.ts';

/** A record looked up by id does not exist. */
export class NotFoundError extends HotlineError {
  readonly resource: string;
  readonly id: string;

  constructor(options: { resource: string; id: string; message: string }) {
    super('not_found', options);
    this.name = 'NotFoundError';
    this.resource = options.resource;
    this.id = options.id;
  }
}
