import { TimeoutError } from '../errors/timeout-error.js';
import type { Clock } from './clock.js';

/**
 * The life of one `generate`/`stream` call: the caller's signal joined with the overall deadline.
 * `signal` aborts with the caller's own reason or with a deadline `TimeoutError`, so the two can
 * be told apart. `dispose()` clears the deadline timer and the listener (nothing is left behind).
 */
export class CallScope {
  readonly signal: AbortSignal;
  readonly callerSignal: AbortSignal | undefined;
  readonly #controller = new AbortController();
  readonly #clock: Clock;
  #timer: unknown;
  readonly #onCallerAbort: (() => void) | undefined;

  constructor({ clock, callerSignal, deadlineMs }: { clock: Clock; callerSignal: AbortSignal | undefined; deadlineMs: number }) {
    this.#clock = clock;
    this.signal = this.#controller.signal;
    this.callerSignal = callerSignal;
    if (callerSignal?.aborted) {
      this.#controller.abort(callerSignal.reason);
      return;
    }
    if (callerSignal) {
      this.#onCallerAbort = () => this.#controller.abort(callerSignal.reason);
      callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
    this.#timer = clock.setTimeout(() => this.#controller.abort(new TimeoutError({ phase: 'deadline', timeoutMs: deadlineMs })), deadlineMs);
  }

  /** True when the caller itself aborted (never retried, never wrapped). */
  get callerAborted(): boolean {
    return this.callerSignal?.aborted === true;
  }

  dispose(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#onCallerAbort) this.callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }
}
