import { duplicateCoreNote } from '../di/core-copies.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { closestNames } from '../validation/closest-names.js';

/**
 * The error for an option naming a provider the registry does not have (`providerOptions`,
 * `routing`, a call's `providerOptions`): the closest id, every registered one, and, when a second
 * copy of core is loaded, why the provider may be missing.
 */
export function unknownProviderError(id: string, argument: string, registered: Iterable<string>): InvalidArgumentError {
  const ids = [...registered];
  const closest = closestNames(id, ids, { limit: 1 });
  return new InvalidArgumentError({
    argument,
    reason: `no provider '${id}' is registered${closest.length ? `; did you mean '${closest[0]}'?` : '.'} Registered: ${ids.join(', ') || '(none: import a provider plugin)'}.${duplicateCoreNote()}`,
  });
}
