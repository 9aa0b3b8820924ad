import { SwitchboardError } from './switchboard-error.js';

/** The facts every failed provider call carries. */
export interface ApiCallErrorOptions {
  message: string;
  /** Provider id (`dynaspark`). */
  provider: string;
  /** Provider-side model name the call was for. */
  model: string;
  /** URL that was called (no credentials). */
  url?: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /**
   * Whether trying the same call again may succeed. Decided once, where the HTTP response became
   * an error (408, 409, 429, 5xx and network failures are retryable; 4xx caused by the caller are not).
   */
  isRetryable: boolean;
  /** The first characters of the response body, for diagnosis. */
  responseBody?: string;
  /** Response headers, lower-cased names. */
  responseHeaders?: Readonly<Record<string, string>>;
  cause?: unknown;
}

/** Longest body excerpt kept on an error: enough to read an upstream message, not a whole HTML page. */
export const RESPONSE_BODY_EXCERPT_LENGTH = 500;

/** A call to a provider failed: a non-2xx status, a network failure, or an unusable answer. */
export class ApiCallError extends SwitchboardError {
  static override readonly errorName: string = 'ApiCallError';
  override readonly name: string = 'ApiCallError';
  override readonly code: string = 'api-call';

  readonly provider: string;
  readonly model: string;
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly responseBody: string | undefined;
  readonly responseHeaders: Readonly<Record<string, string>> | undefined;

  constructor(options: ApiCallErrorOptions) {
    super({ message: options.message, cause: options.cause });
    this.provider = options.provider;
    this.model = options.model;
    this.url = options.url;
    this.status = options.status;
    this.isRetryable = options.isRetryable;
    this.responseBody =
      options.responseBody !== undefined && options.responseBody.length > RESPONSE_BODY_EXCERPT_LENGTH
        ? `${options.responseBody.slice(0, RESPONSE_BODY_EXCERPT_LENGTH)}…`
        : options.responseBody;
    this.responseHeaders = options.responseHeaders;
  }
}
