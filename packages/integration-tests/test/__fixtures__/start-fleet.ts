import { randomUUID } from 'node:crypto';
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { type RedisServer, startRedisServer } from '@switchboard/store-redis/testing';
import { FLEET_ENV, FLEET_MODELS, fleetConfig, OPERATOR } from './fleet-config.js';
import { eventually, type Replica, startReplica } from './start-replica.js';

/** A replica's `/health`, the parts the fleet tests read. */
export interface FleetHealth {
  store: { state: string; replicas: number };
  providers: { provider: string; status: string; source: string; circuit: string; checkedAt?: number }[];
  budgets: unknown[];
}

/** A redis-server, the two emulators and three `switchboard serve` processes sharing the Redis. */
export interface Fleet {
  redis: RedisServer;
  primary: OpenAICompatibleEmulator;
  backup: OpenAICompatibleEmulator;
  replicas: Replica[];
  /** Stops everything; resolves with the replicas' exit codes. */
  stop(): Promise<(number | null)[]>;
}

/**
 * Starts a fleet, resolving once every replica shares the store and counts the three of them. When
 * any part fails to start, what did start is stopped before the error is thrown: nothing is left
 * running to hold the test process open.
 */
export async function startFleet({ recordRequests = true }: { recordRequests?: boolean } = {}): Promise<Fleet> {
  const [redis, primary, backup] = await Promise.all([
    startRedisServer(),
    startOpenAICompatibleEmulator({ models: FLEET_MODELS, recordRequests }),
    startOpenAICompatibleEmulator({ models: FLEET_MODELS, recordRequests }),
  ]);
  const prefix = `fleet:${randomUUID()}:`;
  const started = await Promise.allSettled(
    ['r1', 'r2', 'r3'].map((replica) =>
      startReplica(fleetConfig({ replica, upstreams: { primary: primary.url, backup: backup.url }, redisUrl: redis.url, prefix }), FLEET_ENV),
    ),
  );
  const replicas = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    const codes = await Promise.all(replicas.map((replica) => replica.stop()));
    await Promise.all([primary.close(), backup.close(), redis.stop()]);
    return codes;
  };
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    await eventually(async () => (await Promise.all(replicas.map(healthOf))).every(({ store }) => store.state === 'shared' && store.replicas === 3), 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { redis, primary, backup, replicas, stop };
}

/** A replica's `/health`, with the operator's key. */
export async function healthOf(replica: Replica): Promise<FleetHealth> {
  return (await (await fetch(`${replica.url}/health`, { headers: OPERATOR })).json()) as FleetHealth;
}
