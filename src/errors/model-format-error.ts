import { HotlineError } from './hotline-error.ts';

/** A model file is foreign, damaged or of a version this build cannot read. */
export class ModelFormatError extends HotlineError {
  readonly file: string;

  constructor(options: { file: string; message: string; cause?: unknown }) {
    super('model_format_mismatch', options);
    this.name = 'ModelFormatError';
    this.file = options.file;
  }
}
