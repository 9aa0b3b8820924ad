// @switchboard/store-redis: many gateway replicas share circuits, cooldowns, budgets and health on Redis.
export { createRedisStore } from './create-redis-store.js';
export type { RedisStateStore } from './create-redis-store.js';
export type { RedisStoreOptions } from './redis-store-options.js';
export { DEFAULT_REDIS_URL } from './redis-store-options.js';
