// Redis killed (SIGKILL) in the middle of a soak of three `switchboard serve` processes sharing it:
// every request is still answered, nothing is rejected unhandled, each replica warns once that it
// goes on alone, and once Redis is back every replica shares again within a second.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { canStartRedisServer, type RedisServer, startRedisServer } from '@switchboard/store-redis/testing';
import { FLEET_ENV, FLEET_MODELS, fleetConfig, OPERATOR } from './__fixtures__/fleet-config.js';
import { chat, eventually, type Replica, startReplica } from './__fixtures__/start-replica.js';

const REQUESTS = 2_000;
const CONCURRENCY = 24;
const KILL_AT = 500;
const RESTART_AT = 1_200;
const withRedis = canStartRedisServer();
const itRedis = withRedis ? it : it.skip;

let redis: RedisServer;
let primary: OpenAICompatibleEmulator;
let backup: OpenAICompatibleEmulator;
let fleet: Replica[] = [];

beforeAll(async () => {
  if (!withRedis) return;
  [redis, primary, backup] = await Promise.all([
    startRedisServer(),
    startOpenAICompatibleEmulator({ models: FLEET_MODELS, recordRequests: false }),
    startOpenAICompatibleEmulator({ models: FLEET_MODELS, recordRequests: false }),
  ]);
  const prefix = `soak:${randomUUID()}:`;
  fleet = await Promise.all(
    ['r1', 'r2', 'r3'].map((replica) =>
      startReplica(fleetConfig({ replica, upstreams: { primary: primary.url, backup: backup.url }, redisUrl: redis.url, prefix }), FLEET_ENV),
    ),
  );
  await eventually(async () => (await Promise.all(fleet.map(storeOf))).every((store) => store.state === 'shared' && store.replicas === 3));
});
afterAll(async () => {
  await Promise.all(fleet.map((replica) => replica.stop()));
  await Promise.all([primary?.close(), backup?.close(), redis?.stop()]);
});

itRedis(`answers all ${REQUESTS} requests over three replicas while Redis is killed and restarted`, async () => {
  const statuses = new Map<number, number>();
  let sent = 0;
  let done = 0;
  let killed: Promise<void> | undefined;
  let restarted: Promise<number> | undefined;
  const worker = async () => {
    while (sent < REQUESTS) {
      const index = sent++;
      const response = await chat(fleet[index % 3]!, 'm-soak', OPERATOR, index % 4 === 0);
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      done++;
      if (done === KILL_AT) killed = redis.kill('SIGKILL');
      if (done === RESTART_AT) {
        restarted = (async () => {
          await killed;
          await redis.restart();
          // Back: every replica shares again, within a second of Redis accepting connections.
          return eventually(async () => (await Promise.all(fleet.map(storeOf))).every((store) => store.state === 'shared'), 5_000);
        })();
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const sharedAgainMs = await restarted!;

  expect(Object.fromEntries(statuses)).toEqual({ 200: REQUESTS });
  expect(sharedAgainMs).toBeLessThan(1_000);
  for (const replica of fleet) {
    expect(replica.running()).toBe(true);
    const stderr = replica.stderr();
    expect(stderr).not.toMatch(/unhandled/i);
    expect(stderr.match(/warn: Redis store unreachable/g)).toHaveLength(1);
    expect(stderr.match(/warn: Redis store reachable again/g)).toHaveLength(1);
  }
  // The fleet counts itself again.
  await eventually(async () => (await Promise.all(fleet.map(storeOf))).every((store) => store.replicas === 3), 3_000);
});

async function storeOf(replica: Replica): Promise<{ state: string; replicas: number }> {
  return ((await (await fetch(`${replica.url}/health`, { headers: OPERATOR })).json()) as { store: { state: string; replicas: number } }).store;
}
