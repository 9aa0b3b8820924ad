import type { StateStore } from '@switchboard/core';
import { ConfigError } from '../errors/config-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { StoreConfig } from './switchboard-config.js';

/** Where the store's settings came from, for errors. */
export type StoreOrigin = { kind: 'file'; file: string } | { kind: 'flag' };

/**
 * The Redis store the file's `store` (or `--store`) asks for, not yet connected (`serve` connects
 * it before listening). `@switchboard/store-redis` is loaded only then: no other command pays for
 * ioredis. A bad setting is a `ConfigError` naming `store.<setting>` (or a `UsageError` for
 * `--store`), with the URL shown without its password.
 */
export async function createStore(settings: StoreConfig, origin: StoreOrigin): Promise<StateStore> {
  const { createRedisStore } = await import('@switchboard/store-redis');
  const { InvalidArgumentError } = await import('@switchboard/core');
  try {
    return createRedisStore(typeof settings === 'string' ? { url: settings } : (settings as Parameters<typeof createRedisStore>[0]));
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    const message = error.reason;
    if (origin.kind === 'flag') throw new UsageError({ message: `--store: ${message}`, cause: error });
    const setting = error.argument.replace(/^options\.?/, '');
    const path = typeof settings === 'string' ? 'store' : `store${setting ? `.${setting}` : ''}`;
    throw new ConfigError({ file: origin.file, path, message, cause: error });
  }
}
