import { TimeoutError } from '../errors/timeout-error.js';
import type { Clock } from './clock.js';

/**
 * The life of one `generate`/`stream` call: the caller's signal and the overall deadline. It holds
 * no timer and no controller of its own (each attempt's single timer also watches the deadline),
 * so a call that succeeds at once pays for neither.
 */
export class CallScope {
  readonly callerSignal: AbortSignal | undefined;
  /** The deadline, as a time on `clock`, and its length. */
  readonly deadline: { at: number; ms: number };
  readonly #clock: Clock;

  constructor({ clock, callerSignal, deadlineMs }: { clock: Clock; callerSignal: AbortSignal | undefined; deadlineMs: number }) {
    this.#clock = clock;
    this.callerSignal = callerSignal;
    this.deadline = { at: clock.now() + deadlineMs, ms: deadlineMs };
  }

  /** True when the caller itself aborted (never retried, never wrapped). */
  get callerAborted(): boolean {
    return this.callerSignal?.aborted === true;
  }

  /** Milliseconds left before the deadline (0 when it has passed). */
  remainingMs(): number {
    return Math.max(0, this.deadline.at - this.#clock.now());
  }

  /**
   * Why the call must stop now, or undefined to go on: the caller's own abort reason, or a
   * deadline `TimeoutError` (so the two can be told apart).
   */
  stopReason(): unknown {
    if (this.callerSignal?.aborted) return this.callerSignal.reason;
    if (this.#clock.now() >= this.deadline.at) return new TimeoutError({ phase: 'deadline', timeoutMs: this.deadline.ms });
    return undefined;
  }
}
