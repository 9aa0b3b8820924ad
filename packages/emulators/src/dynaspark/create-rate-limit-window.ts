/** What the X-RateLimit-* headers report for one request. */
export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  /** When the window resets, in seconds since the epoch. */
  resetAt: number;
}

export interface RateLimitWindow {
  /** Counts one request and reports the window after it. */
  take(): RateLimitSnapshot;
  reset(): void;
}

/**
 * Reports a fixed-window quota like the public API's (100 requests an hour) without enforcing it:
 * benchmarks send far more than 100 requests, and rate limiting is injected with the rate-limit
 * faults instead, where a test controls it.
 */
export function createRateLimitWindow(options: { limit: number; windowMs: number; now?: () => number }): RateLimitWindow {
  const now = options.now ?? Date.now;
  let start = now();
  let used = 0;
  return {
    take() {
      const time = now();
      if (time - start >= options.windowMs) {
        start = time;
        used = 0;
      }
      used += 1;
      return {
        limit: options.limit,
        remaining: Math.max(0, options.limit - used),
        resetAt: Math.ceil((start + options.windowMs) / 1000),
      };
    },
    reset() {
      start = now();
      used = 0;
    },
  };
}
