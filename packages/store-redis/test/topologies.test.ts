import { randomUUID } from 'node:crypto';
import { StoreConnectionError } from '@switchboard/core';
import { circuitKey } from '@switchboard/core/store';
import { rejection, thrown } from '@switchboard/core/testing';
import { describeStoreConformance } from '@switchboard/testing/conformance';
import { Redis } from 'ioredis';
import { createRedisStore, type RedisStoreOptions } from '../src/index.js';
import {
  canStartRedisCluster,
  canStartRedisServer,
  type RedisCluster,
  type RedisSentinel,
  startRedisCluster,
  startRedisSentinel,
} from '../src/testing/index.js';
import { eventually, fleetOptions, type Replica, startReplica } from './__fixtures__/replicas.js';

// The README's promise that the store runs on Redis Cluster and behind Redis Sentinel, kept by
// running what it promises on one server (the conformance suite, two replicas sharing) on each.

const policy = { failureThreshold: 3, cooldownMs: 30_000, maxCooldownMs: 300_000 };
const KEY = circuitKey('groq', 'llama');
const STARTUP_MS = 30_000;

/** Where a topology is, as store options (no URL: the cluster's nodes, or the sentinels). */
type Topology = () => RedisStoreOptions;

/** What the store promises on one server, on `topology`: the conformance suite and two replicas sharing. */
function describeSharedStore(name: string, topology: Topology, { channelNodes }: { channelNodes?: () => readonly { host: string; port: number }[] } = {}) {
  describeStoreConformance({ name, create: () => createRedisStore({ ...topology(), prefix: `conformance:${randomUUID()}:` }) });

  describe(`two replicas on ${name}`, () => {
    const fleet = fleetOn(topology);
    const pair = async () => (await fleet()).replicas;

    it('are both shared, and count each other by their heartbeats', async () => {
      const [a, b] = await pair();
      expect(a.store.status()).toMatchObject({ kind: 'redis', state: 'shared', server: expect.stringMatching(/^redis \d/) });
      await eventually(() => a.store.status().replicas === 2 && b.store.status().replicas === 2);
    });

    it('show a circuit opened on one to the other within 200 ms', async () => {
      const { options, replicas } = await fleet();
      const [a, b] = replicas;
      // The channel reaches every node: a client subscribed to each one sees the change too.
      const listeners = (channelNodes?.() ?? []).map(({ host, port }) => new Redis(port, host));
      const heard = listeners.map(() => 0);
      await Promise.all(listeners.map((listener) => listener.subscribe(`${options.prefix}events`)));
      for (const [i, listener] of listeners.entries()) listener.on('message', () => heard[i]!++);
      try {
        const now = Date.now();
        for (let i = 0; i < 3; i++) a.store.recordFailure(KEY, { now, policy, trial: false });
        const seen = await eventually(() => (b.store.circuit(KEY)?.openUntil ?? 0) > 0, 2_000);
        expect(seen).toBeLessThan(200);
        expect(b.store.circuit(KEY)).toMatchObject({ failures: 3, openUntil: now + 30_000 });
        if (listeners.length > 0) await eventually(() => heard.every((count) => count >= 3));
      } finally {
        await Promise.all(listeners.map((listener) => listener.quit()));
      }
    });

    it('count a budget across both: rpm requests, no more, whoever asks', async () => {
      const [a, b] = await pair();
      const now = Date.now();
      for (const budget of ['provider:groq', 'provider:openai', 'caller:key:alice']) {
        const decisions = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            [a, b][i % 2]!.store.reserve({ budget, limits: { rpm: 10 }, id: `${budget}:${i}`, tokens: 1, now, holdMs: 1_000, onStoreDown: 'refuse' }),
          ),
        );
        expect(decisions.filter((decision) => decision.granted)).toHaveLength(10);
        expect(decisions.find((decision) => !decision.granted)).toMatchObject({ limit: 'rpm', used: 10, max: 10, retryAfterMs: 60_000 });
        expect(await b.store.budgetUse({ budget, limits: { rpm: 10 }, now })).toEqual({
          budget,
          shared: true,
          rpm: { used: 10, limit: 10, resetsAt: now + 60_000 },
        });
      }
    });

    it('keep documents for each other, whichever node holds them, until they expire', async () => {
      const [a, b] = await pair();
      const names = Array.from({ length: 6 }, (_, i) => `response:resp_${i}`);
      await Promise.all(names.map((name) => a.store.setDocument(name, JSON.stringify({ name }), { ttlMs: 400 })));
      expect(await Promise.all(names.map((name) => b.store.getDocument(name)))).toEqual(names.map((name) => JSON.stringify({ name })));
      await b.store.setDocument(names[0]!, '{"replaced":true}', { ttlMs: 400 });
      expect(await a.store.getDocument(names[0]!)).toBe('{"replaced":true}');
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(await a.store.getDocument(names[1]!)).toBeUndefined();
    });

    it('share a probe result with the other', async () => {
      const [a, b] = await pair();
      const probe = { ok: true, latencyMs: 7, at: Date.now(), consecutiveFailures: 0 };
      a.store.shareProbe('groq', probe);
      await eventually(() => b.probes.length === 1);
      expect(b.probes[0]).toEqual({ provider: 'groq', probe });
    });
  });
}

const describeCluster = canStartRedisCluster() ? describe : describe.skip;
const describeSentinel = canStartRedisServer() ? describe : describe.skip;

/** Two replicas of one fleet (a prefix of their own) on `topology`, closed after the test. */
function fleetOn(topology: Topology) {
  const replicas: Replica[] = [];
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.store.close()));
  });
  return async (overrides: RedisStoreOptions = {}) => {
    const { url: _, ...options } = fleetOptions('redis://unused', { ...topology(), ...overrides });
    const started = await Promise.all([startReplica(options), startReplica(options)]);
    replicas.push(...started);
    return { options, replicas: started as [Replica, Replica] };
  };
}

describeCluster('the Redis store on a Redis Cluster of three masters', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, STARTUP_MS);
  afterAll(() => cluster?.stop());
  const topology: Topology = () => ({ cluster: { nodes: [...cluster.nodes] } });
  describeSharedStore('Redis Cluster', topology, { channelNodes: () => cluster.nodes });

  describe('its keys', () => {
    const fleet = fleetOn(topology);

    it("spread over every master, a budget's three keys on one (its hash tag)", async () => {
      const { options, replicas } = await fleet();
      const [a] = replicas;
      a.store.recordFailure(KEY, { now: Date.now(), policy, trial: false });
      const budgets = ['provider:groq', 'provider:openai', 'caller:key:alice', 'caller:key:bob'];
      for (const budget of budgets) {
        expect(
          await a.store.reserve({ budget, limits: { rpm: 5, concurrency: 2 }, id: budget, tokens: 1, now: Date.now(), holdMs: 1_000, onStoreDown: 'refuse' }),
        ).toEqual({
          granted: true,
          local: false,
        });
      }
      for (let i = 0; i < 6; i++) await a.store.setDocument(`response:resp_${i}`, '{}', { ttlMs: 10_000 });
      const byNode = await Promise.all(
        cluster.nodes.map(async ({ host, port }) => {
          const client = new Redis(port, host);
          try {
            return await client.keys(`${options.prefix}*`);
          } finally {
            await client.quit();
          }
        }),
      );
      expect(byNode.map((keys) => keys.length)).not.toContain(0);
      for (const budget of budgets) {
        const holding = byNode.filter((keys) => keys.some((key) => key.includes(`{budget:${budget}}`)));
        expect(holding).toHaveLength(1);
        expect(holding[0]!.filter((key) => key.includes(`{budget:${budget}}`)).sort()).toEqual(
          ['in-flight', 'log', 'tokens'].map((name) => `${options.prefix}{budget:${budget}}:${name}`),
        );
      }
    });

    it('are counted as one cluster in status(): where it is, what answers', async () => {
      const { replicas } = await fleet();
      expect(replicas[0].store.status()).toMatchObject({
        state: 'shared',
        location: `redis cluster ${cluster.nodes.map(({ port }) => `127.0.0.1:${port}`).join(',')}`,
        server: expect.stringMatching(/^redis \d/),
      });
    });
  });
});

describeSentinel('the Redis store through Redis Sentinel (a master, a replica, one sentinel)', () => {
  let sentinel: RedisSentinel;
  beforeAll(async () => {
    sentinel = await startRedisSentinel({ replica: true });
  }, STARTUP_MS);
  afterAll(() => sentinel?.stop());
  const topology: Topology = () => ({ redis: { sentinels: [...sentinel.sentinels], name: sentinel.name } });
  describeSharedStore('Redis Sentinel', topology);

  describe('its master', () => {
    const fleet = fleetOn(topology);

    it('is the one the sentinel names, and status() names the sentinel, not a URL', async () => {
      const { replicas } = await fleet();
      const [a] = replicas;
      expect(a.store.status()).toMatchObject({ state: 'shared', location: `redis sentinel mymaster at 127.0.0.1:${sentinel.sentinels[0]!.port}` });
      expect(await connectedTo(await sentinel.masterPort(), replicas)).toBe(true);
    });

    it('fails fast at start-up when no sentinel answers, or none knows the name', async () => {
      const failure = async (redis: RedisStoreOptions['redis']) => {
        const store = createRedisStore({ redis, connectTimeoutMs: 2_000 });
        const started = Date.now();
        const error = await rejection(store.connect());
        await store.close();
        expect(Date.now() - started).toBeLessThan(1_500);
        expect(StoreConnectionError.isInstance(error)).toBe(true);
        return error as StoreConnectionError;
      };
      expect(await failure({ sentinels: [{ host: '127.0.0.1', port: 1 }], name: 'mymaster' })).toMatchObject({
        problem: 'unreachable',
        message: expect.stringMatching(/^Cannot use the Redis store at redis sentinel mymaster at 127\.0\.0\.1:1: no sentinel told us where the master is/),
      });
      expect(await failure({ sentinels: [...sentinel.sentinels], name: 'nomaster' })).toMatchObject({
        problem: 'unreachable',
        message: expect.stringMatching(/the sentinels know no master by that name \(ERR No such master with that name\): check redis\.name/),
      });
    });

    // Last: it moves the master for good.
    it('moves with a failover: both replicas are shared again on the new master, nothing lost, one warning each way', async () => {
      const { replicas } = await fleet();
      const [a, b] = replicas;
      const now = Date.now();
      for (let i = 0; i < 3; i++) a.store.recordFailure(KEY, { now, policy, trial: false });
      await a.store.setDocument('response:before', '{"kept":true}', { ttlMs: 60_000 });
      await eventually(() => (b.store.circuit(KEY)?.openUntil ?? 0) > 0);
      const before = await sentinel.masterPort();

      const started = Date.now();
      const after = await sentinel.failover();
      expect(after).not.toBe(before);
      await eventually(() => replicas.every((replica) => replica.store.status().state === 'shared' && warnings(replica).length === 2), 10_000);
      const recovered = Date.now() - started;
      expect(recovered).toBeLessThan(10_000);
      expect(warnings(a)).toEqual(['Redis store unreachable', 'Redis store reachable again']);
      expect(await connectedTo(after, replicas)).toBe(true);

      // What was shared before is there, and sharing goes on: a circuit, a budget, a document.
      expect(b.store.circuit(KEY)).toMatchObject({ failures: 3, openUntil: now + 30_000 });
      expect(await b.store.getDocument('response:before')).toBe('{"kept":true}');
      b.store.coolDown(KEY, { now, until: now + 90_000 });
      await eventually(() => a.store.circuit(KEY)?.retryAfterUntil === now + 90_000);
      const request = { budget: 'provider:groq', limits: { rpm: 1 }, tokens: 1, now, holdMs: 1_000, onStoreDown: 'refuse' as const };
      expect(await a.store.reserve({ ...request, id: 'after:a' })).toEqual({ granted: true, local: false });
      expect(await b.store.reserve({ ...request, id: 'after:b' })).toMatchObject({ granted: false, limit: 'rpm', used: 1 });
    }, 30_000);
  });
});

describe('Sentinel options', () => {
  it('name at least one sentinel and the master, checked at once', () => {
    expect(thrown(() => createRedisStore({ redis: { sentinels: [{ host: '127.0.0.1', port: 26379 }] } }))).toMatchObject({
      argument: 'options.redis.name',
      message: expect.stringContaining("expected the name the sentinels know the master by, such as 'mymaster', got undefined."),
    });
    expect(thrown(() => createRedisStore({ redis: { sentinels: [], name: 'mymaster' } }))).toMatchObject({ argument: 'options.redis.sentinels' });
  });
});

/** The warnings a replica logged, by their first words. */
function warnings(replica: Replica): string[] {
  return replica.logs.filter((line) => line.level === 'warn').map((line) => line.message.split(':')[0]!);
}

/** Whether every replica's two connections are clients of the server on `port` (by their connection names). */
async function connectedTo(port: number, replicas: readonly Replica[]): Promise<boolean> {
  const client = new Redis(port, '127.0.0.1');
  try {
    const list = String(await client.client('LIST'));
    return replicas.every(({ store }) => ['commands', 'events'].every((role) => list.includes(`name=switchboard:${store.status().replicaId}:${role}`)));
  } finally {
    await client.quit();
  }
}
