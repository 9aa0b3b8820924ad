// @switchboard/store-redis/testing: a throwaway redis-server for tests of hosts that use the Redis store.
export { startRedisServer } from './start-redis-server.js';
export type { RedisServer, StartRedisServerOptions } from './start-redis-server.js';
export { findRedisServer, canStartRedisServer, INSTALL_REDIS_SERVER } from './find-redis-server.js';
