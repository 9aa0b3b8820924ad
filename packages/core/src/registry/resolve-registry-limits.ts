import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { type ResolvedLimits, resolveProviderLimits } from '../orchestration/budget-options.js';
import { describeValue } from '../validation/describe-value.js';
import { DEFAULT_MAX_NESTING_DEPTH } from '../validation/nesting-depth.js';
import { closestNames } from '../validation/closest-names.js';
import type { RegistryLimits } from './registry-options.js';
import { unknownProviderError } from './unknown-provider-error.js';

/** Core's own limits, by name. Provider ids are lower-case, so a camelCase key is always one of these. */
const CORE_LIMITS = ['maxNestingDepth'] as const;
const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** `createRegistry`'s `limits`, checked and split: core's bounds, and each provider's budget. */
export interface ResolvedRegistryLimits {
  maxNestingDepth: number;
  /** Provider id → budget, for the providers that have one. */
  budgets: Map<string, ResolvedLimits>;
}

/**
 * Checks `options.limits`: `maxNestingDepth`, and a budget per provider id (each checked like any
 * option, naming the wrong key). A key that is neither is refused with the closest core limit, or,
 * when it looks like a provider id, the closest provider.
 */
export function resolveRegistryLimits(limits: RegistryLimits | undefined, providerIds: ReadonlySet<string>): ResolvedRegistryLimits {
  const resolved: ResolvedRegistryLimits = { maxNestingDepth: DEFAULT_MAX_NESTING_DEPTH, budgets: new Map() };
  for (const [key, value] of Object.entries(limits ?? {})) {
    const argument = `options.limits.${key}`;
    if (value === undefined) continue;
    if (key === 'maxNestingDepth') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
        throw new InvalidArgumentError({ argument, reason: `expected a whole number >= 1, got ${describeValue(value)}.` });
      resolved.maxNestingDepth = value;
      continue;
    }
    if (!PROVIDER_ID.test(key)) {
      const [closest] = closestNames(key, CORE_LIMITS, { limit: 1 });
      throw new InvalidArgumentError({
        argument,
        reason: `unknown limit${closest ? `; did you mean '${closest}'?` : '.'} Keys of limits are ${CORE_LIMITS.join(', ')} and provider ids with a budget ({ rpm, tpm, concurrency }).`,
      });
    }
    if (!providerIds.has(key)) throw unknownProviderError(key, argument, providerIds);
    const budget = resolveProviderLimits(value, argument);
    if (budget) resolved.budgets.set(key, budget);
  }
  return resolved;
}
