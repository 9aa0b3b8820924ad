import * as v from 'valibot';
import type { BudgetLimits, StoreDownPolicy } from '../store/budget.js';
import { nonEmptyString, oneOf, strictOptions, wholeNumber } from '../validation/option-schemas.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';

/**
 * A provider's budget: `createRegistry({ limits: { groq: { rpm: 30, tpm: 60_000 } } })`, or
 * `"limits"` on a provider instance in the CLI's config file. Counted across every replica that
 * shares the registry's store. A call that would exceed it goes to the next candidate instead of
 * sending a request the provider would refuse.
 */
export interface ProviderLimits extends BudgetLimits {
  /**
   * While a shared store cannot be reached: `'local-share'` lets each replica use
   * `limit / replicas` (the last count seen); `'refuse'` sends nothing (for hard spending caps).
   * @default 'local-share'
   */
  onStoreDown?: StoreDownPolicy;
  /**
   * Tokens reserved for the answer when the call sets no `maxOutputTokens` (the reservation is
   * settled with the real count once the answer reports its usage, or its length otherwise).
   * @default 512
   */
  expectedOutputTokens?: number;
}

/**
 * A caller's own budget, for one call: `generate(prompt, { budget: { name: 'key:alice', rpm: 5 } })`.
 * Every call naming the same budget shares it, across replicas; the gateway gives each client key
 * one. Reserved once per call (however many attempts it makes), held until the answer ends.
 */
export interface CallBudget extends ProviderLimits {
  /** The budget's name, shared by every call that gives it. @example 'key:alice' */
  name: string;
}

/** {@link ProviderLimits} with the defaults applied. */
export type ResolvedLimits = BudgetLimits & { onStoreDown: StoreDownPolicy; expectedOutputTokens: number };

export const DEFAULT_EXPECTED_OUTPUT_TOKENS = 512;

const limitEntries = {
  rpm: v.optional(wholeNumber(1)),
  tpm: v.optional(wholeNumber(1)),
  concurrency: v.optional(wholeNumber(1)),
  onStoreDown: v.optional(oneOf(['local-share', 'refuse'])),
  expectedOutputTokens: v.optional(wholeNumber(1)),
};

const limitsSchema = strictOptions(limitEntries, 'limit');
const callBudgetSchema = strictOptions({ name: nonEmptyString('a budget name such as "key:alice"'), ...limitEntries }, 'limit');

/** Checks one provider's budget; undefined when it limits nothing. */
export function resolveProviderLimits(limits: unknown, argument: string): ResolvedLimits | undefined {
  const resolved = withDefaults(parseWithSchema(limitsSchema, limits, argument));
  return resolved.rpm !== undefined || resolved.tpm !== undefined || resolved.concurrency !== undefined ? resolved : undefined;
}

/**
 * Checks a caller's budget before any call uses it, as calls do (`InvalidArgumentError` naming the
 * wrong key under `argument`): a gateway checks its client keys' limits this way at start-up.
 */
export function checkCallBudget(budget: unknown, argument: string): CallBudget {
  return parseWithSchema(callBudgetSchema, budget, argument);
}

/** Checks a call's `budget`. */
export function resolveCallBudget(budget: unknown, argument = 'options.budget'): ResolvedLimits & { name: string } {
  const parsed = parseWithSchema(callBudgetSchema, budget, argument);
  return { ...withDefaults(parsed), name: parsed.name };
}

function withDefaults(limits: ProviderLimits): ResolvedLimits {
  return {
    ...(limits.rpm !== undefined ? { rpm: limits.rpm } : {}),
    ...(limits.tpm !== undefined ? { tpm: limits.tpm } : {}),
    ...(limits.concurrency !== undefined ? { concurrency: limits.concurrency } : {}),
    onStoreDown: limits.onStoreDown ?? 'local-share',
    expectedOutputTokens: limits.expectedOutputTokens ?? DEFAULT_EXPECTED_OUTPUT_TOKENS,
  };
}
