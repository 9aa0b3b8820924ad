import { SwitchboardError } from './switchboard-error.js';

/** What an `InvalidArgumentError` is made from. */
export type InvalidArgumentErrorOptions = {
  /** The option or argument that was wrong, as a path (`messages[2].role`, `options.temperature`). */
  argument: string;
  cause?: unknown;
} & (
  | {
      /** What was wrong with it and what would be right (`expected a number from 0 to 2, got 7.`). */
      reason: string;
    }
  | {
      /** @deprecated The reason under its old name: use `reason`. */
      message: string;
    }
);

/** Bad input from the caller, detected before any request was sent. */
export class InvalidArgumentError extends SwitchboardError {
  static override readonly errorName: string = 'InvalidArgumentError';
  override readonly name: string = 'InvalidArgumentError';
  override readonly code: string = 'invalid-argument';

  /** The option or argument that was wrong, as a path (`messages[2].role`, `providerOptions.dynaspark.baseUrl`). */
  readonly argument: string;
  /**
   * What was wrong and what would be right, without the argument (`expected a number from 0 to 2,
   * got 7.`): the message is `Invalid <argument>: <reason>`, and a caller that names the argument
   * its own way (a gateway speaking OpenAI's field names) puts the reason after its own name.
   */
  readonly reason: string;

  constructor(options: InvalidArgumentErrorOptions) {
    const reason = 'reason' in options ? options.reason : options.message;
    super({ message: `Invalid ${options.argument}: ${reason}`, cause: options.cause });
    this.argument = options.argument;
    this.reason = reason;
  }
}
