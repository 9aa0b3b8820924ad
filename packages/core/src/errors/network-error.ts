import { ApiCallError, type ApiCallErrorOptions } from './api-call-error.js';

/** No HTTP response arrived: connection refused or reset, DNS failure, TLS failure, proxy failure. */
export class NetworkError extends ApiCallError {
  static override readonly errorName: string = 'NetworkError';
  override readonly name: string = 'NetworkError';
  override readonly code: string = 'network';

  /**
   * The operating system's (or undici's) error code when there is one: `ECONNREFUSED`,
   * `ECONNRESET`, `UND_ERR_SOCKET`… (`code` is the class's own, `'network'`).
   */
  readonly systemCode: string | undefined;
  /** The proxy (without credentials) when the failure was reaching it rather than the provider. */
  readonly proxy: string | undefined;

  constructor(options: Omit<ApiCallErrorOptions, 'isRetryable' | 'status'> & { systemCode?: string; proxy?: string }) {
    super({ ...options, isRetryable: true });
    this.systemCode = options.systemCode;
    this.proxy = options.proxy;
  }
}
