import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { STORE_SPECIFICATION_VERSION, type StateStore } from '../store/state-store.js';
import { describeValue } from '../validation/describe-value.js';

const METHODS = [
  'attach',
  'connect',
  'close',
  'status',
  'circuit',
  'circuits',
  'recordFailure',
  'recordSuccess',
  'coolDown',
  'claimTrial',
  'reserve',
  'settle',
  'budgetUse',
  'acquireLease',
  'shareProbe',
] as const;

/** Checks `options.store` before the registry takes it: the contract's version, then every method. */
export function checkStore(store: StateStore): void {
  const fail = (reason: string) => new InvalidArgumentError({ argument: 'options.store', reason });
  if (store.specificationVersion !== STORE_SPECIFICATION_VERSION) {
    throw fail(
      `expected a store implementing specificationVersion '${STORE_SPECIFICATION_VERSION}', got ${describeValue(store.specificationVersion)}. ` +
        'Install a store package built for this version of @switchboard/core.',
    );
  }
  const missing = METHODS.filter((method) => typeof (store as unknown as Record<string, unknown>)[method] !== 'function');
  if (missing.length > 0) throw fail(`the store (kind ${describeValue(store.kind)}) has no ${missing.join(', ')} method${missing.length === 1 ? '' : 's'}.`);
}
