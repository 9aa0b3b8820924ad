import { SwitchboardError } from './switchboard-error.js';

/** Bad input from the caller, detected before any request was sent. */
export class InvalidArgumentError extends SwitchboardError {
  static override readonly errorName: string = 'InvalidArgumentError';
  override readonly name: string = 'InvalidArgumentError';

  /** The option or argument that was wrong, as a path (`messages[2].role`, `providerOptions.dynaspark.baseUrl`). */
  readonly argument: string;

  constructor({ argument, message, cause }: { argument: string; message: string; cause?: unknown }) {
    super({ message: `Invalid ${argument}: ${message}`, cause });
    this.argument = argument;
  }
}
