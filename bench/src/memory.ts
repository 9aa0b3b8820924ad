import { performance } from 'node:perf_hooks';
import { createRegistry } from '@switchboard/core';
import '@switchboard/provider-dynaspark';
import { collectGarbage, requireEmulator, type BenchEnv } from './bench-env.js';
import { answerFrom, CHAT_PATH, checkAnswer, FORM_BODY, FORM_CONTENT_TYPE, g4fHeaders, MODEL, PROMPT } from './dynaspark-request.js';

export interface MemoryResult {
  /** Who sent the requests: Switchboard's generate(), or undici.request alone (the floor). */
  client: MemoryClient;
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
  /** Most requests the emulator held at once (polled every 50 ms): proves they were all on the wire. */
  emulatorInFlight: number;
  durationMs: number;
  samples: number;
}

const MiB = 2 ** 20;

export type MemoryClient = 'switchboard' | 'undici-request';

/** A way to send the request `inFlight` times at once, and release what it holds afterwards. */
interface MemorySender {
  send(): Promise<void>;
  close(): Promise<void>;
}

/**
 * 1,000 `generate()` calls in flight at once against an emulator that waits 500 ms per answer.
 * The pool is sized to 1,000 sockets so every request is on the wire, not queued in the client.
 * RSS is sampled every 10 ms in this process (it runs alone, so nothing else inflates it). With
 * `client: 'undici-request'` the same burst goes through undici alone: the floor to compare with.
 */
export async function runMemory(env: BenchEnv, client: MemoryClient = 'switchboard'): Promise<MemoryResult> {
  const emulator = requireEmulator(env);
  const inFlight = env.quick ? 200 : 1_000;
  const latencyMs = 500;
  await emulator.reset();
  const sender = client === 'switchboard' ? switchboardSender(emulator.url, inFlight) : await undiciSender(emulator.url, inFlight);
  try {
    await sender.send();
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
    let done = false;
    const calls = Array.from({ length: inFlight }, () =>
      sender.send().catch((error: unknown) => {
        failures++;
        firstError ??= error;
      }),
    );
    const all = Promise.all(calls).finally(() => (done = true));
    let emulatorInFlight = 0;
    while (!done) {
      emulatorInFlight = Math.max(emulatorInFlight, (await emulator.stats()).inFlight);
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    const durationMs = performance.now() - start;
    sample();
    clearInterval(sampler);
    return {
      client,
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
    await sender.close();
  }
}

function switchboardSender(baseUrl: string, connections: number): MemorySender {
  const registry = createRegistry({ providerOptions: { dynaspark: { baseUrl, connections } } });
  const model = registry.create(MODEL);
  return { send: async () => checkAnswer((await model.generate(PROMPT)).text), close: () => registry.close() };
}

/** The floor: the same burst through undici.request on an Agent with as many sockets. */
async function undiciSender(baseUrl: string, connections: number): Promise<MemorySender> {
  const { Agent, request } = await import('undici');
  const agent = new Agent({ connections });
  const url = baseUrl + CHAT_PATH;
  const headers = { ...g4fHeaders(new URL(baseUrl).origin), 'content-type': FORM_CONTENT_TYPE };
  return {
    async send() {
      const { statusCode, body } = await request(url, { dispatcher: agent, method: 'POST', headers, body: FORM_BODY });
      const text = await body.text();
      if (statusCode !== 200) throw new Error(`HTTP ${statusCode}: ${text.slice(0, 200)}`);
      checkAnswer(answerFrom(text));
    },
    close: () => agent.close(),
  };
}
