import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createRegistry, type LanguageModel, type Registry, type RegistryOptions } from '@switchboard/core';
import '@switchboard/provider-dynaspark';
import '@switchboard/provider-openai-compatible';
import { createRedisStore } from '@switchboard/store-redis';
import { Redis } from 'ioredis';
import { startRedisServer } from '@switchboard/store-redis/testing';
import { collectGarbage, requireEmulator, type BenchEnv } from './bench-env.js';
import { startCountingServer } from './counting-server.js';
import { checkAnswer, MODEL, PROMPT } from './dynaspark-request.js';
import { processCpuMicros } from './process-usage.js';
import { median } from './stats.js';

/** One way of keeping the registry's state, with or without a budget on the provider. */
export interface StoreCell {
  store: 'memory' | 'redis';
  budget: boolean;
  calls: number;
  /** Median wall time of one `generate()`, ms. */
  medianMs: number;
  /** CPU of this process per call, µs (user + system). */
  cpuMicrosPerCall: number;
  /** redis-server's CPU per call, µs (0 for the in-memory store). */
  redisCpuMicrosPerCall: number;
}

export interface SharedStoreResult {
  /** Median of a bare `PING` over loopback, raw RESP on a socket: one round trip, the floor. */
  pingMs: number;
  /** Median of a `PING` through ioredis (the store's client, its settings): one round trip as the store makes it. */
  clientPingMs: number;
  /** Median of `store.reserve()` alone (its settle sent after it, unawaited), nothing else running: what a budget costs a call. */
  reserveMs: number;
  cells: StoreCell[];
  /** Three registries (replicas) in front of a provider that died, each call to another replica. */
  deadProvider: {
    calls: number;
    threshold: number;
    /** Connections the dead endpoint got with each replica learning alone (in-memory stores). */
    alone: number;
    /** The same with the three sharing one Redis. */
    shared: number;
  };
}

const DEAD = 'openai-compatible';

/**
 * What sharing through Redis costs a call, and what it saves. Four registries over the same
 * Dynaspark emulator (in-memory store and Redis store, each without and with a budget on
 * Dynaspark), called in turn, batch by batch, so each sees the same machine; then three replicas
 * in front of a provider whose endpoint resets every connection, alone and sharing one Redis.
 */
export async function runSharedStore(env: BenchEnv): Promise<SharedStoreResult> {
  const emulator = requireEmulator(env);
  await emulator.reset();
  const redis = await startRedisServer();
  const registries: Registry[] = [];
  const registry = (options: RegistryOptions) => {
    const created = createRegistry({ providerOptions: { dynaspark: { baseUrl: emulator.url } }, ...options });
    registries.push(created);
    return created;
  };
  try {
    const pingMs = await pingMedian(redis.port, env.quick ? 200 : 2_000);
    const clientPingMs = await clientPingMedian(redis.url, env.quick ? 200 : 2_000);
    const reserveMs = await reserveMedian(redis.url, env.quick ? 200 : 2_000);
    const budget = { limits: { dynaspark: { rpm: 100_000_000, tpm: 1_000_000_000 } } };
    const variants = [
      { store: 'memory' as const, budget: false, options: {} },
      { store: 'redis' as const, budget: false, options: { store: createRedisStore({ url: redis.url, prefix: 'bench:a:' }) } },
      { store: 'memory' as const, budget: true, options: budget },
      { store: 'redis' as const, budget: true, options: { ...budget, store: createRedisStore({ url: redis.url, prefix: 'bench:b:' }) } },
    ].map((variant) => ({ ...variant, model: registry(variant.options).create(MODEL), times: [] as number[], cpu: 0, redisCpu: 0, calls: 0 }));
    await Promise.all(variants.map(async (variant) => (variant.options as { store?: { connect(): Promise<void> } }).store?.connect()));
    for (const variant of variants) for (let call = 0; call < 200; call++) await answer(variant.model);

    const rounds = env.quick ? 4 : 20;
    const batch = env.quick ? 50 : 200;
    for (let round = 0; round < rounds; round++) {
      for (const variant of variants) {
        collectGarbage();
        const cpuBefore = process.cpuUsage();
        const redisBefore = redis.pid ? processCpuMicros(redis.pid) : 0;
        for (let call = 0; call < batch; call++) variant.times.push(await answer(variant.model));
        const cpu = process.cpuUsage(cpuBefore);
        variant.cpu += cpu.user + cpu.system;
        variant.redisCpu += (redis.pid ? processCpuMicros(redis.pid) : 0) - redisBefore;
        variant.calls += batch;
      }
    }
    const cells = variants.map((variant) => ({
      store: variant.store,
      budget: variant.budget,
      calls: variant.calls,
      medianMs: median(variant.times),
      cpuMicrosPerCall: variant.cpu / variant.calls,
      redisCpuMicrosPerCall: variant.store === 'redis' ? variant.redisCpu / variant.calls : 0,
    }));
    return { pingMs, clientPingMs, reserveMs, cells, deadProvider: await deadProviderCalls(env, redis.url, emulator.url) };
  } finally {
    await Promise.all(registries.map((each) => each.close()));
    await redis.stop();
  }
}

/** Calls round-robin across three replicas while the first provider is dead; how many reach it, alone vs shared. */
async function deadProviderCalls(env: BenchEnv, redisUrl: string, dynasparkUrl: string): Promise<SharedStoreResult['deadProvider']> {
  const dead = await startCountingServer();
  const threshold = 5;
  const calls = env.quick ? 30 : 90;
  const replicas = async (shared: boolean) => {
    const prefix = `bench:dead:${Date.now()}:`;
    const fleet = [0, 1, 2].map(() =>
      createRegistry({
        providerOptions: { dynaspark: { baseUrl: dynasparkUrl }, [DEAD]: { baseUrl: `http://127.0.0.1:${dead.port}/v1`, models: [MODEL] } },
        routing: { order: { [MODEL]: [DEAD, 'dynaspark'] } },
        resilience: { circuitFailureThreshold: threshold, baseDelayMs: 1, maxDelayMs: 1 },
        ...(shared ? { store: createRedisStore({ url: redisUrl, prefix }) } : {}),
      }),
    );
    return fleet;
  };
  const count = async (shared: boolean) => {
    const fleet = await replicas(shared);
    try {
      dead.reset();
      const models = fleet.map((replica) => replica.create(MODEL));
      for (let call = 0; call < calls; call++) await answer(models[call % 3]!);
      return dead.connections();
    } finally {
      await Promise.all(fleet.map((replica) => replica.close()));
    }
  };
  try {
    return { calls, threshold, alone: await count(false), shared: await count(true) };
  } finally {
    await dead.close();
  }
}

/** One call, answered by Dynaspark; its wall time in ms. */
async function answer(model: LanguageModel): Promise<number> {
  const start = performance.now();
  const result = await model.generate(PROMPT);
  const elapsed = performance.now() - start;
  checkAnswer(result.text);
  if (result.provider !== 'dynaspark') throw new Error(`answered by ${result.provider}, expected dynaspark`);
  return elapsed;
}

/** Median time of one reservation in the Redis store, each followed by its settle (not awaited, as a call does), ms. */
async function reserveMedian(url: string, count: number): Promise<number> {
  const store = createRedisStore({ url, prefix: 'bench:reserve:' });
  const logger = { error() {}, warn() {}, info() {}, debug() {}, child: () => logger };
  store.attach({ logger, onCircuitChange() {}, onProbe() {} });
  await store.connect();
  const times: number[] = [];
  try {
    for (let call = 0; call < count; call++) {
      const request = { budget: 'provider:bench', limits: { rpm: 100_000_000, tpm: 1_000_000_000 }, id: `r${call}`, tokens: 10, holdMs: 65_000 };
      const start = performance.now();
      await store.reserve({ ...request, now: Date.now(), onStoreDown: 'local-share' });
      times.push(performance.now() - start);
      store.settle({ budget: request.budget, id: request.id, tokens: 12, now: Date.now() });
    }
  } finally {
    await store.close();
  }
  return median(times);
}

/** Median time of a `PING` through ioredis with the store's settings (RESP2, no offline queue), ms. */
async function clientPingMedian(url: string, count: number): Promise<number> {
  const client = new Redis(url, { protocol: 2, enableOfflineQueue: false, lazyConnect: true });
  await client.connect();
  const times: number[] = [];
  try {
    for (let ping = 0; ping < count; ping++) {
      const start = performance.now();
      await client.ping();
      times.push(performance.now() - start);
    }
  } finally {
    client.disconnect();
  }
  return median(times);
}

/** Median time of a raw RESP `PING` and its `+PONG` on one loopback connection, ms. */
async function pingMedian(port: number, count: number): Promise<number> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const times: number[] = [];
  try {
    for (let ping = 0; ping < count; ping++) {
      const start = performance.now();
      socket.write('PING\r\n');
      await new Promise<void>((resolve) => socket.once('data', () => resolve()));
      times.push(performance.now() - start);
    }
  } finally {
    socket.destroy();
  }
  return median(times);
}
