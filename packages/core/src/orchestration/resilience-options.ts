import * as v from 'valibot';
import { flag, listOf, milliseconds, nonEmptyString, strictOptions, wholeNumber } from '../validation/option-schemas.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';

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

const resilienceSchema = strictOptions({
  maxAttemptsPerProvider: v.optional(wholeNumber(1)),
  maxAttempts: v.optional(wholeNumber(1)),
  baseDelayMs: v.optional(milliseconds()),
  maxDelayMs: v.optional(milliseconds()),
  maxRetryAfterMs: v.optional(milliseconds()),
  attemptTimeoutMs: v.optional(milliseconds()),
  firstChunkTimeoutMs: v.optional(milliseconds()),
  deadlineMs: v.optional(milliseconds()),
  fallback: v.optional(flag()),
  providers: v.optional(
    v.pipe(
      listOf(nonEmptyString('a provider id'), 'a non-empty array of provider ids'),
      v.minLength(1, 'expected a non-empty array of provider ids, got an empty array.'),
    ),
  ),
  circuitFailureThreshold: v.optional(wholeNumber(1)),
  circuitCooldownMs: v.optional(milliseconds()),
});

/** Merges `override` over `base`, checking every value; bad ones are `InvalidArgumentError`s naming the field. */
export function resolveResilienceOptions(
  base: ResolvedResilienceOptions,
  override: ResilienceOptions | undefined,
  argument: string,
): ResolvedResilienceOptions {
  if (override === undefined) return base;
  const parsed = parseWithSchema(resilienceSchema, override, argument);
  const result = { ...base };
  for (const key of Object.keys(parsed) as (keyof ResilienceOptions)[]) {
    if (parsed[key] !== undefined) (result as Record<string, unknown>)[key] = parsed[key];
  }
  return result;
}
