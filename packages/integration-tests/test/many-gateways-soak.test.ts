// Redis killed (SIGKILL) in the middle of a soak of three `switchboard serve` processes sharing it:
// every request is still answered, nothing is rejected unhandled, each replica warns once that it
// goes on alone, and once Redis is back every replica shares again within a second.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { canStartRedisServer } from '@switchboard/store-redis/testing';
import { OPERATOR } from './__fixtures__/fleet-config.js';
import { type Fleet, type FleetHealth, healthOf, startFleet } from './__fixtures__/start-fleet.js';
import { chat, eventually, type Replica } from './__fixtures__/start-replica.js';

const REQUESTS = 2_000;
const CONCURRENCY = 24;
const KILL_AT = 500;
const RESTART_AT = 1_200;
const withRedis = canStartRedisServer();
const itRedis = withRedis ? it : it.skip;

let started: Fleet | undefined;
let fleet: Replica[] = [];

beforeAll(async () => {
  if (!withRedis) return;
  started = await startFleet({ recordRequests: false });
  fleet = started.replicas;
  // Hang guards, not speed checks: three processes and a soak on a machine running every test at once.
}, 60_000);
afterAll(() => started?.stop());

itRedis(
  `answers all ${REQUESTS} requests over three replicas while Redis is killed and restarted`,
  async () => {
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
        if (done === KILL_AT) killed = started!.redis.kill('SIGKILL');
        if (done === RESTART_AT) {
          restarted = (async () => {
            await killed;
            await started!.redis.restart();
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
  },
  60_000,
);

async function storeOf(replica: Replica): Promise<FleetHealth['store']> {
  return (await healthOf(replica)).store;
}
