import { performance } from 'node:perf_hooks';

/** Options of {@link runLoad}. */
export interface RunLoadOptions {
  /** Sends one request and reads the whole answer; rejects on any failure. */
  send: () => Promise<unknown>;
  /** Requests in total. */
  requests: number;
  /** Requests in flight at once (closed loop: each worker sends its next one when the last is answered). */
  concurrency: number;
}

/** What one fixed-count run measured. */
export interface LoadResult {
  requests: number;
  failures: number;
  /** Wall time of the whole run. */
  durationMs: number;
  /** Answered requests per second. */
  requestsPerSecond: number;
  /** One latency per request, in request order. */
  latenciesMs: Float64Array;
  /** This process's user + system CPU over the run, per request. */
  cpuMicrosPerRequest: number;
  /** The first failure, to say what went wrong. */
  firstError: unknown;
}

/**
 * Sends a fixed number of requests with a fixed number in flight, and measures throughput,
 * per-request latency and the client's CPU. CPU time is the steadier figure on a shared machine:
 * another process stealing a core lowers req/s but barely changes CPU per request.
 */
export async function runLoad({ send, requests, concurrency }: RunLoadOptions): Promise<LoadResult> {
  const latencies = new Float64Array(requests);
  let next = 0;
  let failures = 0;
  let firstError: unknown;
  const worker = async () => {
    for (let index = next++; index < requests; index = next++) {
      const start = performance.now();
      try {
        await send();
      } catch (error) {
        failures++;
        firstError ??= error;
      }
      latencies[index] = performance.now() - start;
    }
  };
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  const durationMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    requests,
    failures,
    durationMs,
    requestsPerSecond: ((requests - failures) / durationMs) * 1000,
    latenciesMs: latencies,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / requests,
    firstError,
  };
}
