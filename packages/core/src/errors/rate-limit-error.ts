import { ApiCallError, type ApiCallErrorOptions } from './api-call-error.js';

/** The provider said "too many requests" (HTTP 429). */
export class RateLimitError extends ApiCallError {
  static override readonly errorName: string = 'RateLimitError';
  override readonly name: string = 'RateLimitError';
  override readonly code: string = 'rate-limit';

  /** How long the provider asked us to wait, from `Retry-After` / `retry-after-ms`, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(options: Omit<ApiCallErrorOptions, 'isRetryable'> & { retryAfterMs?: number }) {
    super({ ...options, isRetryable: true });
    this.retryAfterMs = options.retryAfterMs;
  }
}
