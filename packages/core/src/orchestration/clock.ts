/** Options of {@link Clock.setTimeout}. */
export interface TimerOptions {
  /**
   * Background work nobody awaits (periodic health checks): the timer does not keep the process
   * alive. Never set it on a timer a caller's promise waits for (a retry's back-off, an attempt's
   * timeout): the process would exit mid-call with nothing to show. @default false
   */
  background?: boolean;
}

/**
 * Time, injectable. Core never reads `Date.now` or schedules a timer except through a clock, so
 * tests can run retries, timeouts, cooldowns and health checks in fake time.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number, options?: TimerOptions): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock. A timer keeps the process alive like any Node timer, so a host script that
 * awaits a call survives its retry back-off; only `background` timers are `unref`'d.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms, options) => {
    const handle = setTimeout(callback, ms);
    if (options?.background) handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
