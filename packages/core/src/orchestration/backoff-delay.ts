/** Options for {@link backoffDelay}. */
export interface BackoffDelayOptions {
  /** 1 for the delay before the first retry. */
  retry: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Uniform random number in [0, 1). Injectable so tests are deterministic. */
  random: () => number;
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(retry-1))]. Full jitter
 * spreads retries of many clients hitting the same free API, instead of synchronising them.
 */
export function backoffDelay({ retry, baseDelayMs, maxDelayMs, random }: BackoffDelayOptions): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
