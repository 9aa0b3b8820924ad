// What a replica says about itself while its Redis is down, where operators look: the registry's
// health report (`registry.health()`) and the gateway's `/health` of a `switchboard serve`
// process. A real redis-server is killed (SIGKILL) and started again; the store's defaults
// (commandTimeoutMs: 250) apply.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRegistry, type HealthReport, type Registry } from '@switchboard/core';
import { type OpenAICompatibleEmulator, startOpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import { createRedisStore } from '@switchboard/store-redis';
import { canStartRedisServer, type RedisServer, startRedisServer } from '@switchboard/store-redis/testing';
import { eventually, type Replica, startReplica } from './__fixtures__/start-replica.js';

const describeRedis = canStartRedisServer() ? describe : describe.skip;
/** A replica notices Redis gone at its next command or heartbeat, and back within a heartbeat or two. */
const HEARTBEAT_MS = 200;

describeRedis('a replica whose Redis goes away and comes back', () => {
  let redis: RedisServer;
  let upstream: OpenAICompatibleEmulator;
  beforeEach(async () => {
    [redis, upstream] = await Promise.all([startRedisServer(), startOpenAICompatibleEmulator({ models: ['m'] })]);
  });
  afterEach(async () => {
    await Promise.all([redis.stop(), upstream.close()]);
  });

  describe('registry.health()', () => {
    let registry: Registry | undefined;
    afterEach(() => registry?.close());

    it('reports the store degraded and the whole report degraded while Redis is down, and shared and healthy once it is back', async () => {
      const provider = await createOpenAICompatible({ id: 'local', baseUrl: upstream.url, models: ['m'] }, { env: {} });
      const store = createRedisStore({ url: redis.url, prefix: `outage:${Date.now()}:`, heartbeatMs: HEARTBEAT_MS });
      await store.connect();
      registry = createRegistry({ providers: [provider], useRegistered: false, store });
      const health = () => registry!.health({ probe: false });
      // Probed once, so the providers are known to be healthy and only the store can change the status.
      expect(await registry.health({ probe: true })).toMatchObject({ status: 'healthy', store: { kind: 'redis', state: 'shared', replicas: 1 } });

      await redis.kill('SIGKILL');
      let down: HealthReport | undefined;
      await eventually(async () => (down = await health()).store.state === 'degraded', 5_000);
      expect(down).toMatchObject({
        status: 'degraded',
        store: { kind: 'redis', state: 'degraded', location: redis.url, lastError: expect.any(String) },
        providers: [expect.objectContaining({ provider: 'local', status: 'healthy' })],
      });

      await redis.restart();
      let back: HealthReport | undefined;
      await eventually(async () => (back = await health()).store.state === 'shared', 5_000);
      expect(back).toMatchObject({ status: 'healthy', store: { state: 'shared', replicas: 1 } });
      expect(back!.store.since).toBeGreaterThan(down!.store.since);
    });
  });

  describe("a switchboard serve process's /health", () => {
    let replica: Replica | undefined;
    afterEach(async () => {
      await replica?.stop();
      replica = undefined;
    });

    it('says the same: 200 with status degraded and the store degraded while Redis is down, healthy and shared after', async () => {
      replica = await startReplica({
        providers: [{ use: '@switchboard/provider-openai-compatible', id: 'local', baseUrl: upstream.url, models: ['m'] }],
        store: { url: redis.url, prefix: `outage:${Date.now()}:`, heartbeatMs: HEARTBEAT_MS },
        server: { ui: false, metrics: false },
      });
      const health = async (query = '') => {
        const response = await fetch(`${replica!.url}/health${query}`);
        return { code: response.status, body: (await response.json()) as HealthReport };
      };
      await eventually(async () => (await health()).body.store.state === 'shared', 10_000);
      expect(await health('?probe=true')).toMatchObject({ code: 200, body: { status: 'healthy', store: { kind: 'redis', state: 'shared' } } });

      await redis.kill('SIGKILL');
      let down: Awaited<ReturnType<typeof health>> | undefined;
      await eventually(async () => (down = await health()).body.store.state === 'degraded', 5_000);
      expect(down).toMatchObject({ code: 200, body: { status: 'degraded', store: { kind: 'redis', state: 'degraded', lastError: expect.any(String) } } });

      await redis.restart();
      let back: Awaited<ReturnType<typeof health>> | undefined;
      await eventually(async () => (back = await health()).body.store.state === 'shared', 5_000);
      expect(back).toMatchObject({ code: 200, body: { status: 'healthy', store: { state: 'shared' } } });
      expect(replica.stderr().match(/warn: Redis store unreachable/g)).toHaveLength(1);
      expect(replica.stderr().match(/warn: Redis store reachable again/g)).toHaveLength(1);
    });
  });
});
