import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** What a store answers a second registry that would take it: one registry per store. */
export function storeTakenError(): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: 'options.store',
    reason: 'this store already belongs to another registry; give each registry its own store (createMemoryStore(), createRedisStore()).',
  });
}
