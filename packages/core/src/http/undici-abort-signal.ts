import type { Cancellation } from '../provider/cancellation.js';

type AbortListener = () => void;

/**
 * A {@link Cancellation} in the shape undici takes for `signal` besides an `AbortSignal` (an
 * emitter of `abort` with `aborted` and `reason`), so a request can be cancelled without an
 * `AbortSignal` being built for it.
 */
export class UndiciAbortSignal {
  readonly #cancellation: Cancellation;

  constructor(cancellation: Cancellation) {
    this.#cancellation = cancellation;
  }

  get aborted(): boolean {
    return this.#cancellation.aborted;
  }

  get reason(): unknown {
    return this.#cancellation.reason;
  }

  // undici listens with `once` and stops with `removeListener`; `on` is how it recognises an emitter.
  on(_event: 'abort', listener: AbortListener): this {
    this.#cancellation.addListener(listener);
    return this;
  }

  once(event: 'abort', listener: AbortListener): this {
    return this.on(event, listener);
  }

  removeListener(_event: 'abort', listener: AbortListener): this {
    this.#cancellation.removeListener(listener);
    return this;
  }
}
