import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The slowest `/health/live` answer an attack may cause. The attacks these tests replay blocked
 * the loop for 2.6 s (a 7-million-deep body), tens of seconds (a catastrophic pattern, a quadratic
 * check) or a minute (slow readers); fixed, they take milliseconds. The bound sits between, far
 * enough above a loaded CI machine's scheduling pauses that it fails only on a real block.
 */
export const STALL_MS = 2_500;

/** What {@link watchLiveness} saw while an attack ran. */
export interface LivenessReport {
  /** How many times `/health/live` was asked. */
  checks: number;
  /** The slowest answer, in milliseconds (a blocked event loop shows here). */
  slowestMs: number;
  /** Highest resident memory seen, over what it was when watching began, in bytes. */
  peakRssGrowth: number;
}

/**
 * Asks `GET /health/live` over and over (one at a time, 50 ms apart) while an attack runs, and
 * samples this process's memory (the gateway runs in it). `stop()` resolves with what it saw.
 * The gateway under test shares this event loop, so a request that blocks it delays the answer.
 */
export function watchLiveness(baseUrl: string): { stop(): Promise<LivenessReport> } {
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  let slowestMs = 0;
  let checks = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/health/live`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`/health/live answered ${response.status}`);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      checks++;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { checks, slowestMs, peakRssGrowth: peakRss - startRss };
    },
  };
}

let gc: (() => void) | undefined;

/** The heap in use after a full garbage collection, in bytes. */
export function heapAfterGc(): number {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
