import type { ApiCallErrorOptions } from './api-call-error.js';
import { ResponseFormatError } from './response-format-error.js';

/**
 * The provider's answer was larger than the client reads (`maxResponseBytes`, after
 * decompression): the body was cut off there and its connection closed, so a runaway or hostile
 * upstream costs at most the limit in memory. Not retried on the same provider (it would likely
 * answer the same way); the registry falls over to the next one.
 */
export class ResponseTooLargeError extends ResponseFormatError {
  static override readonly errorName: string = 'ResponseTooLargeError';
  override readonly name: string = 'ResponseTooLargeError';
  override readonly code: string = 'response-too-large';

  /** The limit that was passed, in bytes. */
  readonly maxBytes: number;

  constructor(options: Omit<ApiCallErrorOptions, 'isRetryable' | 'message'> & { maxBytes: number; setting?: string }) {
    super({
      ...options,
      isRetryable: false,
      message: `Provider '${options.provider}' (model '${options.model}') sent an answer larger than ${formatBytes(options.maxBytes)}; it was not read past that. Raise ${options.setting ?? 'maxResponseBytes'} if answers this large are expected.`,
    });
    this.maxBytes = options.maxBytes;
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
