import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { InvalidArgumentError, StoreConnectionError } from '@switchboard/core';
import { circuitKey } from '@switchboard/core/store';
import { rejection, thrown } from '@switchboard/core/testing';
import { Redis } from 'ioredis';
import { createRedisStore } from '../src/index.js';
import { canStartRedisServer, startRedisServer, type RedisServer } from '../src/testing/index.js';
import { eventually, fleetOptions, type Replica, startReplica } from './__fixtures__/replicas.js';

const describeRedis = canStartRedisServer() ? describe : describe.skip;
const policy = { failureThreshold: 3, cooldownMs: 30_000, maxCooldownMs: 300_000 };
const KEY = circuitKey('groq', 'llama');

describeRedis('the Redis store, shared by several replicas', () => {
  let redis: RedisServer;
  const replicas: Replica[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.store.close()));
  });
  const fleet = async (count: number, options = fleetOptions(redis.url)) => {
    const started = await Promise.all(Array.from({ length: count }, () => startReplica(options)));
    replicas.push(...started);
    return started;
  };

  it('connects, says what answered, and counts the replicas by their heartbeats', async () => {
    const [a, b, c] = await fleet(3);
    expect(a!.store.status()).toMatchObject({ kind: 'redis', state: 'shared', location: redis.url, server: expect.stringMatching(/^(redis|valkey) \d/) });
    await eventually(() => replicas.every((replica) => replica.store.status().replicas === 3));
    await c!.store.close();
    // A replica that leaves says so; one that dies is counted out after three heartbeats.
    await eventually(() => a!.store.status().replicas === 2 && b!.store.status().replicas === 2);
  });

  it('sends nothing and throws nothing for what arrives while it closes (a late probe, circuit change or lease)', async () => {
    const [a] = await fleet(1);
    const store = a!.store;
    // close() gives its clients up at once, then waits for Redis to forget this replica: a health
    // probe or a call finishing in that moment must not find a half-closed store.
    const closing = store.close();
    expect(() => store.shareProbe('groq', { ok: true, latencyMs: 5, at: Date.now(), consecutiveFailures: 0 })).not.toThrow();
    expect(() => store.recordFailure(KEY, { now: Date.now(), policy, trial: false })).not.toThrow();
    await expect(store.acquireLease('probe:groq', { now: Date.now(), ttlMs: 1_000 })).resolves.toBe(true);
    await expect(store.claimTrial(KEY, { now: Date.now(), leaseMs: 1_000 })).resolves.toEqual(expect.any(Boolean));
    await closing;
    expect(() => store.shareProbe('groq', { ok: true, latencyMs: 5, at: Date.now(), consecutiveFailures: 0 })).not.toThrow();
  });

  it('shows a circuit opened by one replica to the others within 200 ms, and counts failures across them', async () => {
    const [a, b, c] = await fleet(3);
    const now = Date.now();
    a!.store.recordFailure(KEY, { now, policy, trial: false });
    b!.store.recordFailure(KEY, { now, policy, trial: false });
    const opened = Date.now();
    c!.store.recordFailure(KEY, { now, policy, trial: false });
    const seen = await eventually(() => [a, b].every((replica) => (replica!.store.circuit(KEY)?.openUntil ?? 0) > 0), 200);
    expect(seen).toBeLessThan(200);
    expect(a!.store.circuit(KEY)).toMatchObject({ failures: 3, openUntil: now + 30_000 });
    expect(a!.changes.at(-1)!.at - opened).toBeLessThan(200);
  });

  it('gives the one half-open trial to one replica of the fleet', async () => {
    const [a, b, c] = await fleet(3);
    const now = Date.now() - 60_000;
    for (let i = 0; i < 3; i++) a!.store.recordFailure(KEY, { now, policy, trial: false });
    await eventually(() => (c!.store.circuit(KEY)?.openUntil ?? 0) > 0);
    const claims = await Promise.all([a, b, c].map((replica) => replica!.store.claimTrial(KEY, { now: Date.now(), leaseMs: 5_000 })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The others see the trial taken, and leave the pair alone until its lease runs out.
    await eventually(() => [a, b, c].every((replica) => (replica!.store.circuit(KEY)?.trialUntil ?? 0) > Date.now()));
  });

  it('extends a Retry-After cooldown for everyone with a later deadline, and never shortens it', async () => {
    const [a, b] = await fleet(2);
    const now = Date.now();
    a!.store.coolDown(KEY, { now, until: now + 60_000 });
    await eventually(() => b!.store.circuit(KEY)?.retryAfterUntil === now + 60_000);
    b!.store.coolDown(KEY, { now, until: now + 5_000 });
    a!.store.coolDown(KEY, { now, until: now + 90_000 });
    await eventually(() => b!.store.circuit(KEY)?.retryAfterUntil === now + 90_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([a, b].map((replica) => replica!.store.circuit(KEY)?.retryAfterUntil)).toEqual([now + 90_000, now + 90_000]);
  });

  it('counts a budget fleet-wide: rpm requests across three replicas, no more', async () => {
    const [a, b, c] = await fleet(3);
    const now = Date.now();
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        [a, b, c][i % 3]!.store.reserve({
          budget: 'provider:groq',
          limits: { rpm: 20 },
          id: `r${i}`,
          tokens: 1,
          now,
          holdMs: 1_000,
          onStoreDown: 'local-share',
        }),
      ),
    );
    expect(decisions.filter((decision) => decision.granted)).toHaveLength(20);
    expect(decisions.find((decision) => !decision.granted)).toMatchObject({ limit: 'rpm', used: 20, max: 20, retryAfterMs: 60_000 });
    expect(await b!.store.budgetUse({ budget: 'provider:groq', limits: { rpm: 20 }, now })).toEqual({
      budget: 'provider:groq',
      shared: true,
      rpm: { used: 20, limit: 20, resetsAt: now + 60_000 },
    });
  });

  it('lends a lease to one replica at a time, and to it again while it holds it', async () => {
    const [a, b] = await fleet(2);
    expect(await a!.store.acquireLease('probe:groq', { now: Date.now(), ttlMs: 200 })).toBe(true);
    expect(await b!.store.acquireLease('probe:groq', { now: Date.now(), ttlMs: 200 })).toBe(false);
    expect(await a!.store.acquireLease('probe:groq', { now: Date.now(), ttlMs: 200 })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await b!.store.acquireLease('probe:groq', { now: Date.now(), ttlMs: 200 })).toBe(true);
  });

  it('shares a probe result with every other replica, and with a replica that joins later', async () => {
    const options = fleetOptions(redis.url);
    const [a, b] = await fleet(2, options);
    const probe = { ok: false, latencyMs: 12, at: Date.now(), consecutiveFailures: 2, error: { kind: 'network' as const, message: 'refused', at: Date.now() } };
    a!.store.shareProbe('groq', probe);
    await eventually(() => b!.probes.length === 1);
    expect(b!.probes[0]).toEqual({ provider: 'groq', probe });
    expect(a!.probes).toEqual([]);
    const [late] = await fleet(1, options);
    expect(late!.probes).toEqual([{ provider: 'groq', probe }]);
  });

  it('keeps a document for every replica until it expires, and replaces it when set again', async () => {
    const [a, b] = await fleet(2);
    expect(await b!.store.getDocument('response:resp_1')).toBeUndefined();
    await a!.store.setDocument('response:resp_1', '{"messages":[]}', { ttlMs: 300 });
    expect(await b!.store.getDocument('response:resp_1')).toBe('{"messages":[]}');
    await b!.store.setDocument('response:resp_1', '{"messages":[1]}', { ttlMs: 300 });
    expect(await a!.store.getDocument('response:resp_1')).toBe('{"messages":[1]}');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await a!.store.getDocument('response:resp_1')).toBeUndefined();
  });

  it('keeps every key under its prefix, with hash tags so each script stays in one Cluster slot', async () => {
    const options = fleetOptions(redis.url, { prefix: 'tags:' });
    const [a] = await fleet(1, options);
    a!.store.recordFailure(KEY, { now: Date.now(), policy, trial: false });
    await a!.store.reserve({
      budget: 'caller:key:{alice}',
      limits: { rpm: 5, concurrency: 2 },
      id: 'x',
      tokens: 1,
      now: Date.now(),
      holdMs: 1_000,
      onStoreDown: 'refuse',
    });
    await a!.store.acquireLease('probe:groq', { now: Date.now(), ttlMs: 10_000 });
    await a!.store.setDocument('response:{resp_1}', '{}', { ttlMs: 10_000 });
    const client = new Redis(redis.url);
    const keys = (await client.keys('*')).filter((key) => key.startsWith('tags:')).sort();
    await client.quit();
    expect(keys).toEqual([
      'tags:{budget:caller:key:%7Balice%7D}:in-flight',
      'tags:{budget:caller:key:%7Balice%7D}:log',
      'tags:{budget:caller:key:%7Balice%7D}:tokens',
      'tags:{circuits}',
      'tags:{doc:response:%7Bresp_1%7D}',
      'tags:{lease:probe:groq}',
      'tags:{members}',
    ]);
  });
});

describeRedis('the Redis store when Redis goes away', () => {
  let redis: RedisServer;
  const replicas: Replica[] = [];
  beforeEach(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.store.close()));
    await redis.stop();
  });

  it('goes on alone with one warning, lets each replica use its share (or refuses), and is shared again within a second of its return', async () => {
    const options = fleetOptions(redis.url);
    const started = await Promise.all([startReplica(options), startReplica(options)]);
    replicas.push(...started);
    const [a, b] = started as [Replica, Replica];
    await eventually(() => a.store.status().replicas === 2);
    await redis.kill('SIGKILL');
    await eventually(() => a.store.status().state === 'degraded' && b.store.status().state === 'degraded');
    const now = Date.now();
    const request = (id: string, onStoreDown: 'local-share' | 'refuse' = 'local-share') => ({
      budget: 'provider:groq',
      limits: { rpm: 10 },
      id,
      tokens: 1,
      now,
      holdMs: 1_000,
      onStoreDown,
    });
    const local = await Promise.all(Array.from({ length: 6 }, (_, i) => a.store.reserve(request(`a${i}`))));
    expect(local.filter((decision) => decision.granted)).toHaveLength(5);
    expect(local[0]).toEqual({ granted: true, local: true });
    expect(local[5]).toMatchObject({ granted: false, max: 5 });
    expect(await a.store.reserve(request('hard', 'refuse'))).toMatchObject({ granted: false, reason: 'store-down' });
    // A document has no local view: reading one now is an error that says so, never "not found".
    const unread = await rejection(a.store.getDocument('response:resp_1'));
    expect(StoreConnectionError.isInstance(unread)).toBe(true);
    expect(unread).toMatchObject({
      problem: 'unreachable',
      message: expect.stringMatching(/^Cannot read a shared document in the Redis store at redis:\/\/.*: the store is degraded/),
    });
    await expect(a.store.setDocument('response:resp_1', '{}', { ttlMs: 1_000 })).rejects.toThrow(/^Cannot keep a shared document/);
    // Circuits go on with this replica's own view.
    for (let i = 0; i < 3; i++) a.store.recordFailure(KEY, { now, policy, trial: false });
    expect(a.store.circuit(KEY)?.openUntil).toBe(now + 30_000);
    expect(a.store.status()).toMatchObject({ state: 'degraded', lastError: expect.any(String) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a.logs.filter((line) => line.level === 'warn')).toHaveLength(1);
    expect(a.logs[0]!.message).toMatch(/^Redis store unreachable/);

    await redis.restart();
    const back = await eventually(() => a.store.status().state === 'shared' && b.store.status().state === 'shared', 3_000);
    expect(back).toBeLessThan(1_000);
    // What a learned alone is shared: b now sees the circuit a opened while Redis was away.
    await eventually(() => b.store.circuit(KEY)?.openUntil === now + 30_000);
    // The return is said at the outage's level: one warning each way.
    expect(a.logs.filter((line) => line.level === 'warn').map((line) => line.message.split(':')[0])).toEqual([
      'Redis store unreachable',
      'Redis store reachable again',
    ]);
  });

  it('starts a registry that does not await connect() alone, with one warning, and shares once Redis answers', async () => {
    await redis.kill('SIGKILL');
    const store = createRedisStore(fleetOptions(redis.url));
    const logs: string[] = [];
    const logger = { error: () => {}, warn: (_: unknown, message?: string) => logs.push(message ?? ''), info: () => {}, debug: () => {}, child: () => logger };
    store.attach({ logger, onCircuitChange: () => {}, onProbe: () => {} });
    try {
      await eventually(() => store.status().state === 'degraded');
      expect(await store.reserve({ budget: 'b', limits: { rpm: 1 }, id: 'x', tokens: 1, now: Date.now(), holdMs: 1, onStoreDown: 'refuse' })).toMatchObject({
        reason: 'store-down',
      });
      await redis.restart();
      await eventually(() => store.status().state === 'shared', 5_000);
      expect(logs.map((message) => message.split(':')[0])).toEqual(['Redis store unreachable', 'Redis store reachable again']);
    } finally {
      await store.close();
    }
  });

  it('waits no longer than the command timeout when Redis stops answering', async () => {
    const [a] = await Promise.all([startReplica(fleetOptions(redis.url, { commandTimeoutMs: 100 }))]);
    replicas.push(a!);
    const paused = await redis.pause();
    const started = Date.now();
    const decision = await a!.store.reserve({
      budget: 'provider:x',
      limits: { rpm: 3 },
      id: 'slow',
      tokens: 1,
      now: Date.now(),
      holdMs: 1_000,
      onStoreDown: 'local-share',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(decision).toEqual({ granted: true, local: true });
    expect(a!.store.status().state).toBe('degraded');
    await paused.resume();
    await eventually(() => a!.store.status().state === 'shared', 3_000);
  });
});

describeRedis('the Redis store at start-up', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer({ password: 'right-password' });
  });
  afterAll(() => redis?.stop());

  const connectError = async (url: string, options = {}) => {
    const store = createRedisStore({ url, connectTimeoutMs: 1_000, ...options });
    const started = Date.now();
    const error = await rejection(store.connect());
    await store.close();
    return { error: error as StoreConnectionError, ms: Date.now() - started };
  };

  it('connects with the right password, and never shows it', async () => {
    const store = createRedisStore({ url: redis.url });
    await store.connect();
    expect(store.status()).toMatchObject({ state: 'shared', location: `redis://:***@127.0.0.1:${redis.port}` });
    await store.close();
  });

  it.each([
    ['a wrong password', () => `redis://:wrong-password@127.0.0.1:${redis.port}`, 'refused-credentials', /refused our credentials \(WRONGPASS\)/],
    ['no password', () => `redis://127.0.0.1:${redis.port}`, 'refused-credentials', /refused our credentials \(NOAUTH\)/],
    ['an unknown host', () => 'redis://:s3cret@no-such-host.invalid:6379', 'unreachable', /host name does not resolve/],
    ['a port nobody listens on', () => 'redis://:s3cret@127.0.0.1:1', 'unreachable', /nothing accepts connections there/],
  ])('fails fast with %s, naming the URL without its password', async (_, url, problem, why) => {
    const { error, ms } = await connectError(url());
    expect(StoreConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ store: 'redis', problem });
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/^Cannot use the Redis store at redis:\/\//);
    expect(error.message).not.toMatch(/s3cret|wrong-password|right-password/);
    expect(ms).toBeLessThan(1_500);
  });

  describe('against a server that is not Redis', () => {
    let http: Server;
    let silent: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      http = createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'))).listen(0, '127.0.0.1');
      silent = createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
      await Promise.all([once(http, 'listening'), once(silent, 'listening')]);
    });
    afterAll(() => {
      for (const socket of sockets) socket.destroy();
      http.close();
      silent.close();
    });

    it('says what answers does not speak Redis', async () => {
      const { error } = await connectError(`redis://127.0.0.1:${(http.address() as { port: number }).port}`);
      expect(error).toMatchObject({ problem: 'not-the-expected-server' });
      expect(error.message).toMatch(/does not speak the Redis protocol/);
    });

    it('gives up on a server that never answers within connectTimeoutMs: never a hang', async () => {
      const { error, ms } = await connectError(`redis://127.0.0.1:${(silent.address() as { port: number }).port}`, { connectTimeoutMs: 300 });
      expect(error).toMatchObject({ problem: 'timeout' });
      expect(ms).toBeLessThan(1_000);
    });
  });

  it('refuses bad options at once, naming a bad URL without its password', () => {
    expect(thrown(() => createRedisStore({ url: 'http://:pw@127.0.0.1:6379' }))).toMatchObject({
      argument: 'options.url',
      message: expect.stringMatching(/'http:\/\/:\*\*\*@127\.0\.0\.1:6379\/' is a http: URL, not redis: or rediss:/),
    });
    const notUrl = thrown(() => createRedisStore({ url: 'redis//:pw@host' }));
    expect(InvalidArgumentError.isInstance(notUrl)).toBe(true);
    expect((notUrl as Error).message).not.toContain('pw');
    expect(thrown(() => createRedisStore({ prefix: 'a{b}' }))).toMatchObject({ argument: 'options.prefix' });
    expect(thrown(() => createRedisStore({ comandTimeoutMs: 5 } as never))).toMatchObject({
      argument: 'options.comandTimeoutMs',
      message: expect.stringContaining("did you mean 'commandTimeoutMs'?"),
    });
  });
});
