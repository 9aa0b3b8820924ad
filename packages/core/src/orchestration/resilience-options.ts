import * as v from 'valibot';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { flag, got, listOf, milliseconds, nonEmptyString, strictOptions, wholeNumber } from '../validation/option-schemas.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';
import { DEFAULT_RETRY_BUDGET, type ResolvedRetryBudgetOptions, type RetryBudgetOptions } from './retry-budget.js';

/**
 * How the registry retries, times out and falls back. Set per registry
 * (`createRegistry({ resilience })`) and per call (`generate(messages, { resilience })`); a call's
 * values override the registry's, field by field.
 */
export interface ResilienceOptions {
  /**
   * Attempts on any one provider in a call, the first included (1 = no retry), whether or not
   * another provider follows. @default 2
   */
  maxAttemptsPerProvider?: number;
  /**
   * Attempts across all providers together. A call makes at most
   * `min(maxAttempts, maxAttemptsPerProvider × providers)` upstream requests (plus the
   * `structuredOutput.repairAttempts` of a prompt fallback). @default 6
   */
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
  /**
   * Consecutive failures of a provider+model that open its circuit. Above `maxAttemptsPerProvider`,
   * so one call's own retries never open it: it opens when failures go on across calls.
   * Registry-wide (the circuit is shared by every call). @default 5
   */
  circuitFailureThreshold?: number;
  /**
   * How long an open circuit turns calls away before one of them is let through as a trial
   * (doubles while trials keep failing, up to 10×). Registry-wide. @default 30_000
   */
  circuitCooldownMs?: number;
  /**
   * Retries per provider, shared by every call: at most `minRetries + ratio × requests` over the
   * last `windowMs`. A retry the budget refuses is not made (the attempt says `retryDeclined:
   * 'retry-budget'`, and a `retry:declined` event tells listeners). Registry-wide.
   * @default { ratio: 0.2, minRetries: 10, windowMs: 10_000 }
   */
  retryBudget?: RetryBudgetOptions;
}

export type ResolvedResilienceOptions = Required<Omit<ResilienceOptions, 'providers' | 'retryBudget'>> & {
  providers: readonly string[] | undefined;
  retryBudget: ResolvedRetryBudgetOptions;
};

/** Settings of things every call shares (a circuit, a budget): set on the registry, never per call. */
const REGISTRY_WIDE = ['circuitFailureThreshold', 'circuitCooldownMs', 'retryBudget'] as const;

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
  retryBudget: DEFAULT_RETRY_BUDGET,
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
  retryBudget: v.optional(
    strictOptions(
      {
        ratio: v.optional(v.pipe(v.number(got('a number >= 0')), v.finite(got('a number >= 0')), v.minValue(0, got('a number >= 0')))),
        minRetries: v.optional(wholeNumber(0)),
        windowMs: v.optional(milliseconds({ positive: true })),
      },
      'retryBudget option',
    ),
  ),
});

/** Merges `override` over `base`, checking every value; bad ones are `InvalidArgumentError`s naming the field. */
export function resolveResilienceOptions(
  base: ResolvedResilienceOptions,
  override: ResilienceOptions | undefined,
  argument: string,
  { perCall = false }: { perCall?: boolean } = {},
): ResolvedResilienceOptions {
  if (override === undefined) return base;
  const parsed = parseWithSchema(resilienceSchema, override, argument);
  if (perCall) {
    // A call cannot have a circuit or a budget of its own: its value would be ignored, in silence.
    const shared = REGISTRY_WIDE.find((key) => parsed[key] !== undefined);
    if (shared) {
      throw new InvalidArgumentError({
        argument: `${argument}.${shared}`,
        reason: `is registry-wide (every call shares the circuits and the retry budget), so a call cannot set it; set it in createRegistry({ resilience: { ${shared} } }).`,
      });
    }
  }
  const result = { ...base };
  for (const key of Object.keys(parsed) as (keyof ResilienceOptions)[]) {
    if (parsed[key] === undefined) continue;
    (result as Record<string, unknown>)[key] = key === 'retryBudget' ? { ...base.retryBudget, ...parsed.retryBudget } : parsed[key];
  }
  return result;
}
