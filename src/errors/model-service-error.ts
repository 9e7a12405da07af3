import { HotlineError } from './hotline-error.ts';

/**
 * A remote model service (chat or embeddings endpoint) failed: timed out,
 * refused the request or returned a reply that breaks its protocol.
 */
export class ModelServiceError extends HotlineError {
  readonly endpoint: string;

  constructor(options: { endpoint: string; message: string; cause?: unknown }) {
    super('model_service_failed', options);
    this.name = 'ModelServiceError';
    this.endpoint = options.endpoint;
  }
}
