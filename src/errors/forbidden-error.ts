import { HotlineError } from './hotline-error.ts';

/** An authenticated caller's role does not allow the action. */
export class ForbiddenError extends HotlineError {
  readonly role: string;
  readonly action: string;

  constructor(options: { role: string; action: string; message: string }) {
    super('forbidden', options);
    this.name = 'ForbiddenError';
    this.role = options.role;
    this.action = options.action;
  }
}
