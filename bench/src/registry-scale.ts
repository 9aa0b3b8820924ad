import { createRegistry, type Registry } from '@switchboard/core';
import { registerProvider } from '@switchboard/core/provider';
import { container } from 'tsyringe';
import { collectGarbage, type BenchEnv } from './bench-env.js';
import { createMockProvider } from '@switchboard/testing';
import { median } from './stats.js';

export const PROVIDER_COUNTS = [10, 100, 1_000] as const;
/** Models every provider serves (so 1,000 providers share them). */
const SHARED_MODELS = 5;
/** Models only one provider serves. */
const UNIQUE_MODELS = 5;

export interface RegistryScaleRow {
  providers: number;
  /** Public names the registry serves. */
  names: number;
  /** registerProvider() for every provider into a fresh child container. */
  registerMs: number;
  /** createRegistry() over that container. */
  createRegistryMs: number;
  /** `create(name)` on a name already created once (the steady state), median of batches. */
  createMicros: number;
  /** The first `create(name)` of each name (the model object is built and cached), median. */
  firstCreateMicros: number;
  /** The first `create()` of a name every provider serves (its candidate list is the longest). */
  firstCreateSharedMicros: number;
}

export interface RegistryScaleResult {
  modelsPerProvider: number;
  callsPerBatch: number;
  batches: number;
  rows: RegistryScaleRow[];
}

/**
 * Registration, `createRegistry` and `create(name)` with 10, 100 and 1,000 providers of 10 models
 * each (5 shared by all, 5 their own), registered as instances in a tsyringe child container.
 * `create()` is timed over batches of calls on different names with `process.hrtime.bigint()`.
 */
export async function runRegistryScale(env: BenchEnv): Promise<RegistryScaleResult> {
  const callsPerBatch = 1_000;
  const batches = env.quick ? 20 : 300;
  const rows: RegistryScaleRow[] = [];
  // Warm-up: the same code paths, compiled before the first measured size.
  for (let round = 0; round < 3; round++) await measure(100, { callsPerBatch, batches: 20 });
  for (const providers of PROVIDER_COUNTS) {
    collectGarbage();
    rows.push(await measure(providers, { callsPerBatch, batches }));
  }
  return { modelsPerProvider: SHARED_MODELS + UNIQUE_MODELS, callsPerBatch, batches, rows };
}

async function measure(providers: number, { callsPerBatch, batches }: { callsPerBatch: number; batches: number }): Promise<RegistryScaleRow> {
  const child = container.createChildContainer();
  const instances = Array.from({ length: providers }, (_, index) =>
    // In-memory providers (no I/O): anything they cost is the registry's.
    createMockProvider({
      id: `p${index}`,
      models: [...Array.from({ length: SHARED_MODELS }, (__, k) => `model-${k}`), ...Array.from({ length: UNIQUE_MODELS }, (__, k) => `p${index}-model-${k}`)],
    }),
  );
  let start = process.hrtime.bigint();
  for (const instance of instances) registerProvider(instance, { container: child });
  const registerMs = elapsedMs(start);
  start = process.hrtime.bigint();
  const registry = createRegistry({ container: child });
  const createRegistryMs = elapsedMs(start);

  const unique = instances.flatMap((instance) => instance.models.slice(SHARED_MODELS));
  const shared = instances[0]!.models.slice(0, SHARED_MODELS);
  // First calls, one name at a time (each builds the model object); unique names in a shuffled order.
  const firstUnique = shuffled(unique)
    .slice(0, 2_000)
    .map((name) => timeOne(registry, name));
  const firstShared = shared.map((name) => timeOne(registry, name));
  const names = [...shuffled(unique), ...shared];
  // Steady state: batches cycling through every name, so no one name stays hot in a cache line.
  const perCall: number[] = [];
  let cursor = 0;
  let sink = 0;
  for (let batch = 0; batch < batches; batch++) {
    const batchStart = process.hrtime.bigint();
    for (let call = 0; call < callsPerBatch; call++) {
      sink += registry.create(names[cursor]!).providers.length;
      cursor = cursor + 1 === names.length ? 0 : cursor + 1;
    }
    perCall.push(Number(process.hrtime.bigint() - batchStart) / 1_000 / callsPerBatch);
  }
  if (sink === 0) throw new Error('create() returned models without providers');
  await registry.close();
  return {
    providers,
    names: names.length,
    registerMs,
    createRegistryMs,
    createMicros: median(perCall),
    firstCreateMicros: median(firstUnique),
    firstCreateSharedMicros: median(firstShared),
  };
}

function timeOne(registry: Registry, name: string): number {
  const start = process.hrtime.bigint();
  registry.create(name);
  return Number(process.hrtime.bigint() - start) / 1_000;
}

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A deterministic shuffle (the same order every run). */
function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items];
  let seed = 42;
  for (let index = result.length - 1; index > 0; index--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = seed % (index + 1);
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}
