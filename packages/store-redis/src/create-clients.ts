import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { SCRIPTS, type ScriptName } from './lua-scripts.js';
import type { ResolvedRedisStoreOptions } from './redis-store-options.js';

/** A connection that runs commands and the store's scripts (a plain client or a cluster). */
export type CommandClient = (Redis | Cluster) & { [name in ScriptName]: (...args: (string | number)[]) => Promise<unknown> };

/** The store's two connections: one for commands and scripts, one subscribed to the channel (Redis wants pub/sub on its own). */
export interface RedisClients {
  commands: CommandClient;
  subscriber: Redis | Cluster;
}

/**
 * The store's connections, not yet connected. Their settings make failures fast and visible: no
 * offline queue (a command while disconnected fails at once instead of waiting), a timeout on every
 * command, nothing resent after a reconnect (the store rebuilds its view instead), and a reconnect
 * every half second at most once `reconnect()` says so (never during the first connection, which
 * must fail with its reason rather than retry in silence).
 */
export function createClients(options: ResolvedRedisStoreOptions, { replicaId, reconnect }: { replicaId: string; reconnect: () => boolean }): RedisClients {
  const retryStrategy = (times: number) => (reconnect() ? Math.min(50 * times, 500) : null);
  const own: RedisOptions = {
    lazyConnect: true,
    // RESP2: every Redis since 2.0, Valkey and the Redis-compatible services speak it; the store needs nothing of RESP3.
    protocol: 2,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    // ioredis waits this long for a closed socket's 'close', which a refused connection never sends: the process would stay up for it.
    disconnectTimeout: 200,
    connectionName: `switchboard:${replicaId}`.replace(/\s/g, '_'),
    retryStrategy,
    // Behind Sentinel: the sentinels are asked for the master under the same rule (the first connection fails with its reason).
    sentinelRetryStrategy: retryStrategy,
  };
  // Behind Sentinel, a failover is followed at once (the sentinels' +switch-master closes the connection, which reconnects to the
  // new master) rather than once the old master is made a replica, which lets the fleet write to it until then. A host may turn it off.
  const sentinel: RedisOptions = options.redis.sentinels ? { failoverDetector: true } : {};
  const scripts = SCRIPTS as unknown as RedisOptions['scripts'];
  if (options.cluster) {
    const cluster = (role: string) =>
      new Cluster([...options.cluster!.nodes], {
        ...options.cluster!.options,
        lazyConnect: true,
        enableOfflineQueue: false,
        clusterRetryStrategy: retryStrategy,
        scripts,
        redisOptions: { ...options.redis, ...own, connectionName: `${own.connectionName}:${role}` },
      });
    return { commands: cluster('commands') as CommandClient, subscriber: cluster('events') };
  }
  const client = (role: string) =>
    new Redis(options.url, {
      ...sentinel,
      ...options.redis,
      ...own,
      connectionName: `${own.connectionName}:${role}`,
      ...(role === 'commands' ? { scripts } : {}),
    });
  return { commands: client('commands') as CommandClient, subscriber: client('events') };
}
