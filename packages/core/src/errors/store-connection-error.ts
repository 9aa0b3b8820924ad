import { SwitchboardError } from './switchboard-error.js';

/** Why a shared store could not be used. */
export type StoreConnectionProblem = 'unreachable' | 'refused-credentials' | 'not-the-expected-server' | 'timeout' | 'unsupported';

/**
 * A shared store (Redis) could not be reached or refused us at start-up. The message names the
 * store's location without its password, what went wrong and what would fix it.
 */
export class StoreConnectionError extends SwitchboardError {
  static override readonly errorName: string = 'StoreConnectionError';
  override readonly name: string = 'StoreConnectionError';
  override readonly code: string = 'store-connection';

  /** `redis`, … */
  readonly store: string;
  /** Where, without credentials (`redis://:***@10.0.0.5:6379/0`). */
  readonly location: string;
  readonly problem: StoreConnectionProblem;

  constructor(options: { store: string; location: string; problem: StoreConnectionProblem; message: string; cause?: unknown }) {
    super({ message: options.message, cause: options.cause });
    this.store = options.store;
    this.location = options.location;
    this.problem = options.problem;
  }
}
