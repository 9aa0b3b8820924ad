import { ApiCallError, type ApiCallErrorOptions } from './api-call-error.js';

/** The provider answered successfully but with no text: empty is failure, so fallback can act. */
export class EmptyResponseError extends ApiCallError {
  static override readonly errorName: string = 'EmptyResponseError';
  override readonly name: string = 'EmptyResponseError';
  override readonly code: string = 'empty-response';

  constructor(options: Omit<ApiCallErrorOptions, 'isRetryable' | 'message'> & { message?: string }) {
    super({
      ...options,
      message: options.message ?? `Provider '${options.provider}' returned an empty answer for model '${options.model}'.`,
      isRetryable: true,
    });
  }
}
