import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { requireRedisServer } from './find-redis-server.js';
import { freePort, type RedisServer, startRedisProcess, throwawayArgs, waitFor } from './redis-process.js';

/** A throwaway Redis Sentinel setup on loopback, for tests: a master, maybe a replica, one sentinel. */
export interface RedisSentinel {
  /** The name the sentinel knows the master by: `mymaster`. */
  readonly name: string;
  /** The sentinel's address: `createRedisStore({ redis: { sentinels, name } })`. */
  readonly sentinels: readonly { host: string; port: number }[];
  /** The server started as the master (after `failover()`, a replica of the other). */
  readonly master: RedisServer;
  /** The server started as its replica, when asked for. */
  readonly replica: RedisServer | undefined;
  /** The sentinel process. */
  readonly sentinel: RedisServer;
  /** The port of the master the sentinel names now. */
  masterPort(): Promise<number>;
  /**
   * Has the sentinel promote the replica (`SENTINEL FAILOVER`) and resolves with the new master's
   * port once the sentinel names it. Needs `replica: true`.
   */
  failover(): Promise<number>;
  /** Stops every process and removes the sentinel's folder. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisSentinel}. */
export interface StartRedisSentinelOptions {
  /** Start a replica of the master too (needed for a failover). @default false */
  replica?: boolean;
  /** How long to wait for the processes to start and the sentinel to know them. @default 20_000 */
  timeoutMs?: number;
}

const NAME = 'mymaster';

/**
 * Starts a master (and, with `replica: true`, its replica) and one sentinel monitoring it as
 * `mymaster` (quorum 1, down after 1 s), on free loopback ports, nothing persisted. Resolves once the
 * sentinel names the master (and lists the replica as up). `stop()` (tests: in `afterAll`) stops
 * every process and removes the sentinel's folder, as does a failed start.
 */
export async function startRedisSentinel(options: StartRedisSentinelOptions = {}): Promise<RedisSentinel> {
  const binary = requireRedisServer();
  const timeoutMs = options.timeoutMs ?? 20_000;
  const folder = await mkdtemp(join(tmpdir(), 'switchboard-redis-sentinel-'));
  const servers: RedisServer[] = [];
  let client: Redis | undefined;
  const stop = async () => {
    client?.disconnect();
    client = undefined;
    // The sentinel first: stopping a master under its eyes would start a failover.
    for (const server of servers.splice(0).reverse()) await server.stop();
    await rm(folder, { recursive: true, force: true });
  };
  const start = async (port: number, args: string[]) => {
    const server = await startRedisProcess({ binary, port, args, url: `redis://127.0.0.1:${port}`, timeoutMs });
    servers.push(server);
    return server;
  };
  try {
    const masterPort = await freePort();
    const master = await start(masterPort, throwawayArgs(masterPort));
    let replica: RedisServer | undefined;
    if (options.replica) {
      const port = await freePort();
      replica = await start(port, [...throwawayArgs(port), '--replicaof', '127.0.0.1', String(masterPort)]);
    }
    const sentinelPort = await freePort();
    const config = join(folder, 'sentinel.conf');
    // The sentinel rewrites its config file as it learns: it must be its own, and writable.
    await writeFile(
      config,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        'daemonize no',
        'loglevel warning',
        `dir ${folder}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${NAME} 1000`,
        `sentinel failover-timeout ${NAME} 10000`,
        '',
      ].join('\n'),
    );
    const sentinel = await start(sentinelPort, [config, '--sentinel']);
    const connected = new Redis(sentinelPort, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => 200 });
    client = connected;
    connected.on('error', () => {});
    const masterPortNow = async () => Number(((await connected.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as [string, string])[1]);
    await waitFor(`the sentinel naming 127.0.0.1:${masterPort}`, timeoutMs, async () => ((await masterPortNow()) === masterPort ? true : undefined));
    if (replica) {
      const replicaPort = replica.port;
      await waitFor(`the sentinel seeing the replica 127.0.0.1:${replicaPort} up`, timeoutMs, async () => {
        const replicas = (await connected.call('SENTINEL', 'REPLICAS', NAME)) as string[][];
        return replicas.some(
          (fields) => field(fields, 'port') === String(replicaPort) && field(fields, 'flags') === 'slave' && field(fields, 'master-link-status') === 'ok',
        )
          ? true
          : undefined;
      });
    }
    return {
      name: NAME,
      sentinels: [{ host: '127.0.0.1', port: sentinelPort }],
      master,
      replica,
      sentinel,
      masterPort: masterPortNow,
      failover: async () => {
        if (!replica) throw new Error('A failover needs a replica: startRedisSentinel({ replica: true }).');
        const before = await masterPortNow();
        await connected.call('SENTINEL', 'FAILOVER', NAME);
        return waitFor(`a failover away from 127.0.0.1:${before}`, timeoutMs, async () => {
          const now = await masterPortNow();
          return now !== before ? now : undefined;
        });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A field of a `SENTINEL REPLICAS` entry (a flat list of names and values). */
function field(fields: readonly string[], name: string): string | undefined {
  const at = fields.indexOf(name);
  return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
}
