// Soak: thousands of requests through one registry, Dynaspark injecting a seeded ~20% mix of
// faults, a healthy OpenAI-compatible fallback behind it. What must hold: every request answered,
// no unhandled rejection, nothing (timer, socket, server) left once everything is closed, and a
// heap that stays flat. Counts only: no assertion on timing. Run with --expose-gc (the test script).
import { expect, it } from '@jest/globals';
import vm from 'node:vm';
import { createRegistry, type AttemptRecord } from '@switchboard/core';
import '@switchboard/provider-dynaspark';
import '@switchboard/provider-openai-compatible';
import { startDynasparkEmulator, type DynasparkFaultRule } from '@switchboard/emulators/dynaspark';
import { startOpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';

const MODEL = 'gemini-2.0-flash';
const REQUESTS = 4_000;
const CONCURRENCY = 32;
const WINDOW = 500;

// Seven rules at 3% each: 1 - 0.97^7 ≈ 19% of Dynaspark requests get a fault.
const FAULTS: DynasparkFaultRule[] = [
  { fault: 'status-500', probability: 0.03 },
  { fault: 'status-503', probability: 0.03 },
  { fault: 'rate-limit', retryAfterSeconds: 1, probability: 0.03 },
  { fault: 'html-503', probability: 0.03 },
  { fault: 'reset', probability: 0.03 },
  { fault: 'malformed-json', probability: 0.03 },
  { fault: 'empty', probability: 0.03 },
];

const gc = (globalThis as { gc?: () => void }).gc;

// jest gives each test file a copy of `process` whose listeners never hear the worker's real
// 'unhandledRejection'; the worker's own process lives in the main context.
const realProcess = vm.runInThisContext('process') as NodeJS.Process;

/** heapUsed after a full collection (twice: the first one can leave finalizable garbage behind). */
function settledHeap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** Counts per resource type (`Timeout`, `TCPSocketWrap`…). */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Resource types of which there are more now than in `before` (jest's own handles cancel out). */
function leftOver(before: Map<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [type, count] of resources()) if (count > (before.get(type) ?? 0)) extra[type] = count - (before.get(type) ?? 0);
  return extra;
}

/** Closed sockets and servers leave the handle list a few ticks after close(): wait for that, briefly. */
async function settleResources(before: Map<string, number>): Promise<Record<string, number>> {
  for (let round = 0; round < 150 && Object.keys(leftOver(before)).length > 0; round++) await new Promise((resolve) => setTimeout(resolve, 20));
  return leftOver(before);
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

it(`answers ${REQUESTS} requests at ${CONCURRENCY} at a time under ~20% Dynaspark faults, leaking nothing`, async () => {
  expect(typeof gc).toBe('function'); // the package's test script passes --expose-gc
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  realProcess.on('unhandledRejection', onUnhandled);
  const resourcesBefore = resources();
  const started = performance.now();

  const dynaspark = await startDynasparkEmulator({ seed: 2024, recordRequests: false, faults: FAULTS });
  const local = await startOpenAICompatibleEmulator({ models: [MODEL], seed: 2024 });
  const registry = createRegistry({
    env: {},
    providerOptions: {
      dynaspark: { baseUrl: dynaspark.url },
      'openai-compatible': { baseUrl: local.url, models: [MODEL] },
    },
    routing: { order: { [MODEL]: ['dynaspark', 'openai-compatible'] } },
    // A threshold out of reach of a 20% fault rate keeps the circuit (which reorders traffic for
    // its cooldown) out of a run that is about leaks and answers; the matrix covers the circuit.
    resilience: { baseDelayMs: 10, maxDelayMs: 100, circuitFailureThreshold: 25 },
  });
  const events = { retry: 0, fallback: 0, 'circuit:open': 0 };
  registry.events.on('retry', () => events.retry++);
  registry.events.on('fallback', () => events.fallback++);
  registry.events.on('circuit:open', () => events['circuit:open']++);

  const model = registry.create(MODEL);
  const answeredBy: Record<string, number> = {};
  const failureKinds: Record<string, number> = {};
  const failures: unknown[] = [];
  let answered = 0;
  let next = 0;

  /** Runs requests [next, end) with at most CONCURRENCY in flight. */
  async function runUntil(end: number): Promise<void> {
    const worker = async () => {
      while (next < end) {
        const index = next++;
        try {
          const result = await model.generate(`request ${index}`);
          if (result.text !== `Echo from ${MODEL}: request ${index}`) throw new Error(`wrong answer for ${index}: ${result.text}`);
          answered++;
          answeredBy[result.provider] = (answeredBy[result.provider] ?? 0) + 1;
          for (const attempt of result.attempts as AttemptRecord[]) {
            if (attempt.outcome === 'error')
              failureKinds[`${attempt.provider} ${attempt.errorKind}`] = (failureKinds[`${attempt.provider} ${attempt.errorKind}`] ?? 0) + 1;
          }
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  await runUntil(WINDOW);
  const heapAfterFirst = settledHeap();
  await runUntil(REQUESTS - WINDOW);
  const heapBeforeLast = settledHeap();
  await runUntil(REQUESTS);
  const heapAfterLast = settledHeap();
  const durationMs = Math.round(performance.now() - started);
  const dynasparkStats = dynaspark.stats;

  await registry.close();
  await Promise.all([dynaspark.close(), local.close()]);
  const left = await settleResources(resourcesBefore);
  realProcess.off('unhandledRejection', onUnhandled);

  const growth = heapAfterLast - heapAfterFirst;
  const report = [
    `soak: ${REQUESTS} requests, ${CONCURRENCY} at a time, in ${durationMs} ms`,
    `answered ${answered}, failed ${failures.length}, unhandled rejections ${unhandled.length}`,
    `answered by: ${JSON.stringify(answeredBy)}`,
    `Dynaspark: ${dynasparkStats.received} requests, ${dynasparkStats.faulted} faulted (${Math.round((dynasparkStats.faulted / dynasparkStats.received) * 1000) / 10}%)`,
    `failed attempts by kind: ${JSON.stringify(failureKinds)}`,
    `events: ${JSON.stringify(events)}`,
    `heapUsed after gc: ${mb(heapAfterFirst)} MB after the first ${WINDOW}, ${mb(heapBeforeLast)} MB before the last ${WINDOW}, ${mb(heapAfterLast)} MB after them (growth ${mb(growth)} MB)`,
    `resources left after close: ${JSON.stringify(left)}`,
  ].join('\n');
  // The report is for a person looking at the numbers (SWITCHBOARD_SOAK_REPORT=1), or at a failure:
  // a passing run stays quiet.
  if (process.env['SWITCHBOARD_SOAK_REPORT'] === '1') process.stderr.write(`${report}\n`);
  try {
    expect(failures).toEqual([]);
    expect(answered).toBe(REQUESTS);
    expect(unhandled).toEqual([]);
    expect(left).toEqual({});
    // The faults really happened, and were absorbed by retries and the fallback.
    expect(dynasparkStats.faulted / dynasparkStats.received).toBeGreaterThan(0.12);
    expect(answeredBy['openai-compatible']).toBeGreaterThan(0);
    expect(growth).toBeLessThan(20 * 1024 * 1024);
  } catch (error) {
    process.stderr.write(`${report}\n`);
    throw error;
  }
}, 120_000);
