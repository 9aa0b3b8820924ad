// @switchboard/store-redis/testing: a throwaway redis-server (or a Cluster, or a Sentinel setup) for tests of hosts that use the Redis store.
export { startRedisServer } from './start-redis-server.js';
export type { StartRedisServerOptions } from './start-redis-server.js';
export type { RedisServer } from './redis-process.js';
export { startRedisCluster } from './start-redis-cluster.js';
export type { RedisCluster, StartRedisClusterOptions } from './start-redis-cluster.js';
export { startRedisSentinel } from './start-redis-sentinel.js';
export type { RedisSentinel, StartRedisSentinelOptions } from './start-redis-sentinel.js';
export { findRedisServer, findRedisCli, canStartRedisServer, canStartRedisCluster, INSTALL_REDIS_SERVER, INSTALL_REDIS_CLI } from './find-redis-server.js';
