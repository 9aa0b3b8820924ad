import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { requireRedisCli, requireRedisServer } from './find-redis-server.js';
import { freePort, type RedisServer, startRedisProcess, throwawayArgs, waitFor } from './redis-process.js';

/** A throwaway Redis Cluster on loopback, for tests: masters only, every slot covered. */
export interface RedisCluster {
  /** Every master's address: the start nodes of `createRedisStore({ cluster: { nodes } })`. */
  readonly nodes: readonly { host: string; port: number }[];
  /** Every master's process (to kill or pause one). */
  readonly servers: readonly RedisServer[];
  /** Stops every node and removes their folders. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisCluster}. */
export interface StartRedisClusterOptions {
  /** How many masters share the 16384 slots (Redis wants three at least). @default 3 */
  masters?: number;
  /** How long to wait for the nodes to start and the cluster to say `cluster_state:ok`. @default 20_000 */
  timeoutMs?: number;
}

/**
 * Starts a Redis Cluster of `masters` nodes on free loopback ports, each in a folder of its own
 * (its `nodes.conf`), joined by `redis-cli --cluster create`, and resolves once every node says
 * `cluster_state:ok`. Nothing is persisted; `stop()` (tests: in `afterAll`) stops every node and
 * removes the folders, as does a failed start.
 */
export async function startRedisCluster(options: StartRedisClusterOptions = {}): Promise<RedisCluster> {
  const binary = requireRedisServer();
  const cli = requireRedisCli();
  const masters = options.masters ?? 3;
  if (!Number.isInteger(masters) || masters < 3) throw new Error(`A Redis Cluster needs 3 masters at least, not ${masters}.`);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const folder = await mkdtemp(join(tmpdir(), 'switchboard-redis-cluster-'));
  const servers: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await rm(folder, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const dir = join(folder, `node-${i}`);
      await mkdir(dir);
      // The cluster bus gets a port of its own: the default (port + 10000) may be past 65535 for an ephemeral port.
      const [port, bus] = [await freePort(), await freePort()];
      const args = [...throwawayArgs(port), '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-port', String(bus)];
      servers.push(await startRedisProcess({ binary, port, args, url: `redis://127.0.0.1:${port}`, timeoutMs }));
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await promisify(execFile)(cli, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: timeoutMs });
    await Promise.all(servers.map((server) => clusterOk(server.port, timeoutMs)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: servers.map((server) => ({ host: '127.0.0.1', port: server.port })), servers: [...servers], stop };
}

/** Waits until the node sees every slot served (`cluster_state:ok`). */
async function clusterOk(port: number, timeoutMs: number): Promise<void> {
  const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => 200 });
  client.on('error', () => {});
  try {
    await waitFor(`cluster_state:ok on 127.0.0.1:${port}`, timeoutMs, async () =>
      /^cluster_state:ok/m.test(String(await client.call('CLUSTER', 'INFO'))) ? true : undefined,
    );
  } finally {
    client.disconnect();
  }
}
