import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * How the registry retries, times out and falls back. Set per registry
 * (`createRegistry({ resilience })`) and per call (`generate(messages, { resilience })`); a call's
 * values override the registry's, field by field.
 */
export interface ResilienceOptions {
  /** Attempts on one provider before falling back to the next (1 = no retry). @default 2 */
  maxAttemptsPerProvider?: number;
  /** Attempts across all providers together. @default 6 */
  maxAttempts?: number;
  /** First retry delay before jitter; doubles with each retry. @default 250 */
  baseDelayMs?: number;
  /** Cap of one retry delay (full jitter picks uniformly in [0, min(cap, base * 2^n)]). @default 4_000 */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the registry will sleep for on the same provider. A longer one falls
   * over to the next provider instead of waiting. @default 5_000
   */
  maxRetryAfterMs?: number;
  /** Limit of one attempt, from the request to the last byte. @default 60_000 */
  attemptTimeoutMs?: number;
  /** Limit from the start of an attempt to its first text. @default 30_000 */
  firstChunkTimeoutMs?: number;
  /** Limit of the whole call, all attempts and delays together. @default 120_000 */
  deadlineMs?: number;
  /** Try other providers serving the same model after one fails. @default true */
  fallback?: boolean;
  /** Only these provider ids, in this order (overrides the registry's order for this call). */
  providers?: readonly string[];
  /** Consecutive failures of a provider+model that open its circuit. @default 5 */
  circuitFailureThreshold?: number;
  /** How long an open circuit skips the provider before a probe (doubles while it keeps failing, up to 10×). @default 30_000 */
  circuitCooldownMs?: number;
}

export type ResolvedResilienceOptions = Required<Omit<ResilienceOptions, 'providers'>> & { providers: readonly string[] | undefined };

export const DEFAULT_RESILIENCE: ResolvedResilienceOptions = {
  maxAttemptsPerProvider: 2,
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 5_000,
  attemptTimeoutMs: 60_000,
  firstChunkTimeoutMs: 30_000,
  deadlineMs: 120_000,
  fallback: true,
  providers: undefined,
  circuitFailureThreshold: 5,
  circuitCooldownMs: 30_000,
};

const POSITIVE_INTEGERS = ['maxAttemptsPerProvider', 'maxAttempts', 'circuitFailureThreshold'] as const;
const DURATIONS = ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'attemptTimeoutMs', 'firstChunkTimeoutMs', 'deadlineMs', 'circuitCooldownMs'] as const;
const KNOWN = new Set<string>([...POSITIVE_INTEGERS, ...DURATIONS, 'fallback', 'providers']);

/** Merges `override` over `base`, checking every value; bad ones are `InvalidArgumentError`s naming the field. */
export function resolveResilienceOptions(
  base: ResolvedResilienceOptions,
  override: ResilienceOptions | undefined,
  argument: string,
): ResolvedResilienceOptions {
  if (override === undefined) return base;
  if (typeof override !== 'object' || override === null) {
    throw new InvalidArgumentError({ argument, message: `expected an object, got ${override === null ? 'null' : typeof override}.` });
  }
  for (const key of Object.keys(override)) {
    if (!KNOWN.has(key)) {
      throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: `unknown option; known options are ${[...KNOWN].join(', ')}.` });
    }
  }
  const result = { ...base };
  for (const key of POSITIVE_INTEGERS) {
    const value = override[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: `expected a whole number of at least 1, got ${JSON.stringify(value)}.` });
    }
    result[key] = value;
  }
  for (const key of DURATIONS) {
    const value = override[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
      throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: `expected a finite number of milliseconds >= 0, got ${JSON.stringify(value)}.` });
    }
    result[key] = value;
  }
  if (override.fallback !== undefined) {
    if (typeof override.fallback !== 'boolean') {
      throw new InvalidArgumentError({ argument: `${argument}.fallback`, message: `expected true or false, got ${JSON.stringify(override.fallback)}.` });
    }
    result.fallback = override.fallback;
  }
  if (override.providers !== undefined) {
    if (!Array.isArray(override.providers) || override.providers.some((id) => typeof id !== 'string') || override.providers.length === 0) {
      throw new InvalidArgumentError({ argument: `${argument}.providers`, message: 'expected a non-empty array of provider ids.' });
    }
    result.providers = override.providers;
  }
  return result;
}
