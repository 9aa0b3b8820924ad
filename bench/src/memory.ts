import { performance } from 'node:perf_hooks';
import { createRegistry } from '@switchboard/core';
import '@switchboard/provider-dynaspark';
import { collectGarbage, requireEmulator, type BenchEnv } from './bench-env.js';
import { checkAnswer, MODEL, PROMPT } from './dynaspark-request.js';

export interface MemoryResult {
  inFlight: number;
  latencyMs: number;
  /** RSS right before the burst (process started, registry built, one call made). */
  baselineRssMiB: number;
  peakRssMiB: number;
  /** Highest heap used seen by the same sampler. */
  peakHeapUsedMiB: number;
  answered: number;
  failures: number;
  firstError: string | undefined;
  /** Requests the emulator held at once, read mid-burst: proves they were all on the wire. */
  emulatorInFlight: number;
  durationMs: number;
  samples: number;
}

const MiB = 2 ** 20;

/**
 * 1,000 `generate()` calls in flight at once against an emulator that waits 500 ms per answer.
 * The pool is sized to 1,000 sockets so every request is on the wire, not queued in the client.
 * RSS is sampled every 10 ms in this process (it runs alone, so nothing else inflates it).
 */
export async function runMemory(env: BenchEnv): Promise<MemoryResult> {
  const emulator = requireEmulator(env);
  const inFlight = env.quick ? 200 : 1_000;
  const latencyMs = 500;
  await emulator.reset();
  const registry = createRegistry({ providerOptions: { dynaspark: { baseUrl: emulator.url, connections: inFlight } } });
  try {
    const model = registry.create(MODEL);
    checkAnswer((await model.generate(PROMPT)).text);
    await emulator.configure({ latencyMs });
    collectGarbage();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let samples = 0;
    const sample = () => {
      const rss = process.memoryUsage.rss();
      samples++;
      if (rss > peakRss) peakRss = rss;
      // heapUsed needs the full memoryUsage(), which is dearer: every 5th sample.
      if (samples % 5 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    };
    const sampler = setInterval(sample, 10);
    const start = performance.now();
    let failures = 0;
    let firstError: unknown;
    const calls = Array.from({ length: inFlight }, () =>
      model
        .generate(PROMPT)
        .then((result) => checkAnswer(result.text))
        .catch((error: unknown) => {
          failures++;
          firstError ??= error;
        }),
    );
    // Half-way through the emulator's wait, every request should be there.
    await new Promise((resolve) => setTimeout(resolve, latencyMs / 2));
    const emulatorInFlight = (await emulator.stats()).inFlight;
    await Promise.all(calls);
    const durationMs = performance.now() - start;
    sample();
    clearInterval(sampler);
    return {
      inFlight,
      latencyMs,
      baselineRssMiB: baseline.rss / MiB,
      peakRssMiB: peakRss / MiB,
      peakHeapUsedMiB: peakHeap / MiB,
      answered: inFlight - failures,
      failures,
      firstError: firstError === undefined ? undefined : String(firstError),
      emulatorInFlight,
      durationMs,
      samples,
    };
  } finally {
    await emulator.configure({ latencyMs: 0 });
    await registry.close();
  }
}
