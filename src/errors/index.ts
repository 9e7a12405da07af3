export { HotlineError } from './hotline-error.ts';
export { InvalidArgumentError } from './invalid-argument-error.ts';
export { ModelFormatError } from './model-format-error.ts';
export { InputFileError } from './input-file-error.ts';
export { ModelServiceError } from './model-service-error.ts';
export { NotFoundError } from './not-found-error.ts';
export { ConfigFormatError } from './config-format-error.ts';
