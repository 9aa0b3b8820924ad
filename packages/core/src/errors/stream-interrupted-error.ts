import { SwitchboardError } from './switchboard-error.js';

/**
 * A stream failed after text had already been delivered to the caller. No fallback happens then:
 * output is never mixed from two providers, nor replayed.
 */
export class StreamInterruptedError extends SwitchboardError {
  static override readonly errorName: string = 'StreamInterruptedError';
  override readonly name: string = 'StreamInterruptedError';
  override readonly code: string = 'stream-interrupted';

  readonly provider: string;
  readonly model: string;
  /** Characters of text delivered before the failure. */
  readonly deliveredCharacters: number;
  /** Text parts delivered before the failure. */
  readonly deliveredParts: number;

  constructor(options: { provider: string; model: string; deliveredCharacters: number; deliveredParts: number; cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super({
      message:
        `The stream from provider '${options.provider}' (model '${options.model}') failed after ` +
        `${options.deliveredCharacters} characters in ${options.deliveredParts} parts had been delivered; ` +
        `not falling back, so output is never mixed from two providers. Cause: ${reason}`,
      cause: options.cause,
    });
    this.provider = options.provider;
    this.model = options.model;
    this.deliveredCharacters = options.deliveredCharacters;
    this.deliveredParts = options.deliveredParts;
  }
}
