import { HotlineError } from './hotline-error.ts';

/** An input file cannot be opened or read as a whole (not a single bad row). */
export class InputFileError extends HotlineError {
  readonly file: string;

  constructor(options: { file: string; message: string; cause?: unknown }) {
    super('input_file_unreadable', options);
    this.name = 'InputFileError';
    this.file = options.file;
  }
}
