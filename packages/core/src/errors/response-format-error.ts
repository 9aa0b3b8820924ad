import { ApiCallError, type ApiCallErrorOptions } from './api-call-error.js';

/** The provider answered, but not in the shape its protocol promises (bad JSON, a missing field). */
export class ResponseFormatError extends ApiCallError {
  static override readonly errorName: string = 'ResponseFormatError';
  override readonly name: string = 'ResponseFormatError';
  override readonly code: string = 'response-format';

  constructor(options: Omit<ApiCallErrorOptions, 'isRetryable'> & { isRetryable?: boolean }) {
    super({ ...options, isRetryable: options.isRetryable ?? true });
  }
}
