import type { StateStore } from '@switchboard/core/store';
import { RedisStore } from './redis-store.js';
import { resolveRedisStoreOptions, type RedisStoreOptions } from './redis-store-options.js';

/** A store on Redis, as `createRedisStore` returns it: with shared documents. */
export interface RedisStateStore extends StateStore {
  /** Where it is, without a password (`redis://:***@10.0.0.5:6379/0`). */
  readonly location: string;
  getDocument(key: string): Promise<string | undefined>;
  setDocument(key: string, value: string, options: { ttlMs: number }): Promise<void>;
}

/**
 * A `StateStore` on Redis (or Valkey): every registry given one with the same Redis and prefix
 * shares circuits, cooldowns, budgets and health. Checks its options at once (an
 * `InvalidArgumentError` naming the wrong one, a URL shown without its password); connects when a
 * registry takes it, or on `await store.connect()`, which fails fast with a `StoreConnectionError`
 * (wrong password, unknown host, not Redis) rather than starting degraded.
 *
 * @example
 * const store = createRedisStore({ url: process.env.REDIS_URL });
 * const registry = createRegistry({ store, limits: { groq: { rpm: 30, tpm: 60_000 } } });
 * await store.connect();
 */
export function createRedisStore(options: RedisStoreOptions = {}): RedisStateStore {
  return new RedisStore(resolveRedisStoreOptions(options));
}
