import { describeValue, got, InvalidArgumentError, milliseconds, nonEmptyString, parseWithSchema, strictOptions } from '@switchboard/core/store';
import type { ClusterNode, ClusterOptions, RedisOptions } from 'ioredis';
import * as v from 'valibot';
import { describeLocation } from './describe-location.js';

/** Options of `createRedisStore`. */
export interface RedisStoreOptions {
  /**
   * Where Redis (or Valkey) is: `redis://[user:password@]host[:port][/db]`, `rediss://` for TLS.
   * Its password is never shown: messages and `registry.health()` print `***` instead.
   * @default 'redis://127.0.0.1:6379'
   * @example 'redis://:s3cret@10.0.0.5:6379/2'
   */
  url?: string;
  /**
   * Put before every key and the pub/sub channel, so several fleets (or a fleet and other data)
   * share one Redis. Replicas that share budgets and circuits must use the same prefix.
   * @default 'switchboard:'
   */
  prefix?: string;
  /**
   * ioredis options, over what `url` says: Sentinel (`{ sentinels: [{ host, port }], name: 'mymaster' }`;
   * `failoverDetector` is on unless set `false`, so a failover is followed at once), TLS (`tls: {}`),
   * `username`/`password`, `db`. The store's own settings (timeouts, offline queue, reconnection)
   * win where they overlap.
   */
  redis?: RedisOptions;
  /**
   * Redis Cluster: its start nodes, and ioredis' cluster options (`redis` applies to each node).
   * `url` is not used then.
   * @example { nodes: [{ host: '10.0.0.5', port: 7000 }, { host: '10.0.0.6', port: 7000 }] }
   */
  cluster?: { nodes: readonly ClusterNode[]; options?: ClusterOptions };
  /**
   * Longest wait for one Redis command. Past it the store goes on with this replica's own view
   * (a budget by its `onStoreDown`), so a slow Redis costs a call this much at most.
   * @default 250
   */
  commandTimeoutMs?: number;
  /** Longest wait for `connect()` at start-up: an error naming the URL, never a hang. @default 5_000 */
  connectTimeoutMs?: number;
  /**
   * How often a replica announces itself (and checks a degraded store for its return). A replica
   * that stops is counted out after three of these.
   * @default 1_000
   */
  heartbeatMs?: number;
}

/** The options with their defaults applied. */
export interface ResolvedRedisStoreOptions {
  url: string;
  /** The URL or nodes, without a password, for messages and reports. */
  location: string;
  prefix: string;
  redis: RedisOptions;
  cluster: { nodes: readonly ClusterNode[]; options: ClusterOptions } | undefined;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  heartbeatMs: number;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const anObject = (expected: string) => v.custom<object>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), got(expected));

const optionsSchema = strictOptions({
  url: v.optional(v.string(got("a Redis URL such as 'redis://127.0.0.1:6379'"))),
  prefix: v.optional(
    v.pipe(
      nonEmptyString("a key prefix such as 'switchboard:'"),
      v.check((value) => !/[{}]/.test(value), got("a prefix without '{' or '}' (the store puts its own hash tags after it)")),
    ),
  ),
  redis: v.optional(anObject('ioredis options')),
  cluster: v.optional(
    strictOptions({
      nodes: v.pipe(v.array(v.unknown(), got('an array of { host, port } start nodes')), v.minLength(1, got('at least one start node'))),
      options: v.optional(anObject('ioredis cluster options')),
    }),
  ),
  commandTimeoutMs: v.optional(milliseconds({ positive: true })),
  connectTimeoutMs: v.optional(milliseconds({ positive: true })),
  heartbeatMs: v.optional(milliseconds({ positive: true })),
});

/** Checks the options (an `InvalidArgumentError` naming the wrong one) and applies the defaults. */
export function resolveRedisStoreOptions(options: RedisStoreOptions = {}): ResolvedRedisStoreOptions {
  // A bad URL is named without its password: the whole string may be a secret.
  const parsed = parseWithSchema(optionsSchema, { ...options, ...(typeof options.url === 'string' ? { url: 'redis://' } : {}) }, 'options');
  const url = options.url ?? DEFAULT_REDIS_URL;
  if (!parsed.cluster) checkUrl(url);
  const cluster = parsed.cluster ? { nodes: options.cluster!.nodes, options: options.cluster!.options ?? {} } : undefined;
  const redis = (options.redis ?? {}) as RedisOptions;
  const sentinels = !cluster && redis.sentinels ? checkSentinels(redis) : undefined;
  return {
    url,
    location: cluster
      ? `redis cluster ${cluster.nodes.map(describeNode).join(',')}`
      : sentinels
        ? `redis sentinel ${sentinels.name} at ${sentinels.nodes.map(describeNode).join(',')}`
        : describeLocation(url),
    prefix: parsed.prefix ?? 'switchboard:',
    redis,
    cluster,
    commandTimeoutMs: parsed.commandTimeoutMs ?? 250,
    connectTimeoutMs: parsed.connectTimeoutMs ?? 5_000,
    heartbeatMs: parsed.heartbeatMs ?? 1_000,
  };
}

function checkUrl(url: string): void {
  const shown = describeLocation(url);
  const fail = (why: string) =>
    new InvalidArgumentError({
      argument: 'options.url',
      reason: `${why}; expected something like 'redis://127.0.0.1:6379' or 'rediss://:password@host:6380/0'.`,
    });
  if (!URL.canParse(url)) throw fail(`${describeValue(shown)} is not a URL`);
  const { protocol, hostname, pathname } = new URL(url);
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw fail(`'${shown}' is a ${protocol.slice(0, -1)}: URL, not redis: or rediss:`);
  if (hostname === '') throw fail(`'${shown}' names no host`);
  if (pathname !== '' && pathname !== '/' && !/^\/\d+$/.test(pathname))
    throw fail(`'${shown}' has the path '${pathname}', where only a database number (/0) may be`);
}

/** Sentinel options name their master and at least one sentinel: an error now, not a connection that never starts. */
function checkSentinels({ sentinels, name }: RedisOptions): { name: string; nodes: ClusterNode[] } {
  if (!Array.isArray(sentinels) || sentinels.length === 0)
    throw new InvalidArgumentError({
      argument: 'options.redis.sentinels',
      reason: `expected at least one { host, port } sentinel, got ${Array.isArray(sentinels) ? 'none' : describeValue(sentinels)}.`,
    });
  if (typeof name !== 'string' || name === '')
    throw new InvalidArgumentError({
      argument: 'options.redis.name',
      reason: `expected the name the sentinels know the master by, such as 'mymaster', got ${describeValue(name)}.`,
    });
  return { name, nodes: sentinels as ClusterNode[] };
}

function describeNode(node: ClusterNode): string {
  if (typeof node === 'number') return `:${node}`;
  if (typeof node === 'string') return describeLocation(node.includes('://') ? node : `redis://${node}`).replace(/^redis:\/\//, '');
  return `${node.host ?? '127.0.0.1'}:${node.port ?? 6379}`;
}
