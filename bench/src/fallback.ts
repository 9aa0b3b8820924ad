import net, { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createRegistry, type Registry, type RegistryOptions } from '@switchboard/core';
import '@switchboard/provider-dynaspark';
import '@switchboard/provider-openai-compatible';
import { requireEmulator, type BenchEnv } from './bench-env.js';
import { startCountingServer } from './counting-server.js';
import { checkAnswer, MODEL, PROMPT } from './dynaspark-request.js';
import { median } from './stats.js';

const DEAD = 'openai-compatible';

/** Time to an answer with a dead provider first, for one resilience setting. */
export interface FallbackTiming {
  /** What was set besides the defaults. */
  setting: string;
  calls: number;
  medianMs: number;
  p90Ms: number;
  /** The limit the target sets: 1.2 x the direct median + 2 ms. */
  limitMs: number;
  /** Attempts on the dead provider per call (0 once the registry stops trying it). */
  deadAttemptsPerCall: number;
  /** The very first call, before the registry knew anything about the dead provider. */
  firstCallMs: number;
}

export interface FallbackResult {
  /** Dynaspark alone through the registry. */
  direct: { calls: number; medianMs: number };
  /** Dead provider (connection refused) first in `routing.order`, Dynaspark second. */
  timings: FallbackTiming[];
  circuit: {
    threshold: number;
    /** Calls it took to open the dead provider's circuit. */
    callsToOpen: number;
    /** Calls made while it was open, all answered by Dynaspark. */
    calls: number;
    /** TCP connections the dead endpoint received during those calls. */
    connections: number;
    /** `attempt:start` events for the dead provider during those calls. */
    attempts: number;
    medianMs: number;
  };
}

/**
 * Fallback cost: the first provider serving the model is dead, Dynaspark answers second. The dead
 * one is a real provider plugin (OpenAI-compatible) whose endpoint refuses connections, placed
 * first by `routing.order`. Then its circuit is driven open and every connection to it is counted.
 */
export async function runFallback(env: BenchEnv): Promise<FallbackResult> {
  const emulator = requireEmulator(env);
  await emulator.reset();
  const refusedPort = await freePort();
  const counting = await startCountingServer();
  const registries: Registry[] = [];
  const registry = (deadBaseUrl: string, order: string[], options: Pick<RegistryOptions, 'resilience' | 'health'> = {}) => {
    const created = createRegistry({
      providerOptions: { dynaspark: { baseUrl: emulator.url }, [DEAD]: { baseUrl: deadBaseUrl, models: [MODEL] } },
      routing: { order: { [MODEL]: order } },
      ...options,
    });
    registries.push(created);
    return created;
  };
  try {
    const refusedUrl = `http://127.0.0.1:${refusedPort}/v1`;
    // Left alone, the registry learns: the circuit opens and passive health ranks the dead
    // provider last. To measure what one fallback costs, both are kept from acting.
    const alwaysTried = { resilience: { circuitFailureThreshold: 1_000_000 }, health: { downBelow: 0 } };
    const direct = registry(refusedUrl, ['dynaspark']).create(MODEL);
    const variants = [
      { setting: 'defaults', calls: env.quick ? 20 : 300, options: {} },
      { setting: 'dead provider tried on every call, default retry policy', calls: env.quick ? 5 : 40, options: alwaysTried },
      {
        setting: 'dead provider tried on every call, maxAttemptsPerProvider: 1',
        calls: env.quick ? 20 : 300,
        options: { ...alwaysTried, resilience: { ...alwaysTried.resilience, maxAttemptsPerProvider: 1 } },
      },
    ].map((variant) => {
      const created = registry(refusedUrl, [DEAD, 'dynaspark'], variant.options);
      const counter = { attempts: 0 };
      created.events.on('attempt:start', ({ provider }) => void (provider === DEAD && counter.attempts++));
      return { ...variant, model: created.create(MODEL), counter, times: [] as number[] };
    });
    for (let index = 0; index < 200; index++) await answer(direct, 'dynaspark');

    // Direct and fallback calls alternate, so both see the same machine.
    const directTimes: number[] = [];
    const most = Math.max(...variants.map((variant) => variant.calls));
    for (let call = 0; call < most; call++) {
      directTimes.push(await answer(direct, 'dynaspark'));
      for (const variant of variants) if (call < variant.calls) variant.times.push(await answer(variant.model, 'dynaspark'));
    }
    const directMedian = median(directTimes);
    const timings = variants.map((variant) => {
      const sorted = Float64Array.from(variant.times).sort();
      return {
        setting: variant.setting,
        calls: variant.times.length,
        medianMs: median(variant.times),
        p90Ms: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)]!,
        limitMs: directMedian * 1.2 + 2,
        deadAttemptsPerCall: variant.counter.attempts / variant.times.length,
        firstCallMs: variant.times[0]!,
      };
    });

    // The circuit: failures drive it open, then no connection may reach the dead endpoint.
    const threshold = 3;
    const circuitRegistry = registry(`http://127.0.0.1:${counting.port}/v1`, [DEAD, 'dynaspark'], { resilience: { circuitFailureThreshold: threshold } });
    let open = false;
    circuitRegistry.events.on('circuit:open', ({ provider }) => (open ||= provider === DEAD));
    let deadAttempts = 0;
    circuitRegistry.events.on('attempt:start', ({ provider }) => void (provider === DEAD && deadAttempts++));
    const circuitModel = circuitRegistry.create(MODEL);
    let callsToOpen = 0;
    while (!open && callsToOpen < 20) {
      await answer(circuitModel, 'dynaspark');
      callsToOpen++;
    }
    if (!open) throw new Error(`the dead provider's circuit did not open after ${callsToOpen} calls`);
    counting.reset();
    deadAttempts = 0;
    const calls = env.quick ? 20 : 300;
    const openTimes: number[] = [];
    for (let call = 0; call < calls; call++) openTimes.push(await answer(circuitModel, 'dynaspark'));
    return {
      direct: { calls: directTimes.length, medianMs: directMedian },
      timings,
      circuit: { threshold, callsToOpen, calls, connections: counting.connections(), attempts: deadAttempts, medianMs: median(openTimes) },
    };
  } finally {
    await Promise.all(registries.map((each) => each.close()));
    await counting.close();
  }
}

/** One call; checks who answered and what, and returns how long it took in ms. */
async function answer(model: ReturnType<Registry['create']>, expectedProvider: string): Promise<number> {
  const start = performance.now();
  const result = await model.generate(PROMPT);
  const elapsed = performance.now() - start;
  checkAnswer(result.text);
  if (result.provider !== expectedProvider) throw new Error(`answered by ${result.provider}, expected ${expectedProvider}`);
  return elapsed;
}

/** A loopback port nothing listens on (connections to it are refused). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
