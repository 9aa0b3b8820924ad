import { createBenchClient, type BenchClient, type BenchClientId } from './bench-clients.js';
import { collectGarbage, requireEmulator, type BenchEnv } from './bench-env.js';
import { runLoad } from './run-load.js';
import { median, percentileOfSorted, spread } from './stats.js';

export const THROUGHPUT_CLIENTS: readonly BenchClientId[] = [
  'node-http',
  'undici-request',
  'fetch',
  'ky',
  'core-transport',
  'switchboard-generate',
  'switchboard-stream',
];
export const CONCURRENCIES = [1, 16, 64] as const;

/** One client at one concurrency: medians over the rounds. */
export interface ThroughputCell {
  client: BenchClientId;
  label: string;
  concurrency: number;
  requestsPerSecond: number;
  /** Slowest and fastest round, to show the noise. */
  requestsPerSecondRange: { min: number; max: number };
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  failures: number;
  /** Per round, in run order. */
  rounds: { requestsPerSecond: number; p50Ms: number; p99Ms: number; cpuMicrosPerRequest: number }[];
}

export interface ThroughputResult {
  requestsPerCell: number;
  warmupPerCell: number;
  rounds: number;
  cells: ThroughputCell[];
  /** Ratio of two clients' req/s at one concurrency: the median of the per-round ratios. */
  ratios: { concurrency: number; numerator: BenchClientId; denominator: BenchClientId; ratio: number }[];
}

/**
 * Req/s, p50/p99 latency and client CPU per request, for every client at every concurrency.
 * Rounds are interleaved (round 1 of every cell, then round 2, ...) and the client order rotates
 * each round, so slow drift on a shared machine hits every client alike; the median round counts.
 */
export async function runThroughput(env: BenchEnv): Promise<ThroughputResult> {
  const emulator = requireEmulator(env);
  await emulator.reset();
  const requestsPerCell = env.quick ? 300 : 3_000;
  const warmupPerCell = env.quick ? 50 : 300;
  const rounds = env.quick ? 1 : 5;
  const clients = THROUGHPUT_CLIENTS.map((id) => createBenchClient(id, emulator.url));
  const samples = new Map<string, ThroughputCell['rounds']>();
  const failures = new Map<string, number>();
  try {
    // JIT warm-up: every client's code paths compiled before anything is measured.
    for (const client of clients) await warmUp(client, env.quick ? 200 : 1_500);
    for (let round = 0; round < rounds; round++) {
      for (const concurrency of CONCURRENCIES) {
        for (const client of rotate(clients, round)) {
          await runLoad({ send: client.send, requests: warmupPerCell, concurrency });
          collectGarbage();
          const result = await runLoad({ send: client.send, requests: requestsPerCell, concurrency });
          if (result.failures > 0)
            throw new Error(`${client.label} at concurrency ${concurrency}: ${result.failures} failures; first: ${String(result.firstError)}`);
          const sorted = result.latenciesMs.sort();
          const key = `${client.id}@${concurrency}`;
          const list = samples.get(key) ?? [];
          list.push({
            requestsPerSecond: result.requestsPerSecond,
            p50Ms: percentileOfSorted(sorted, 50),
            p99Ms: percentileOfSorted(sorted, 99),
            cpuMicrosPerRequest: result.cpuMicrosPerRequest,
          });
          samples.set(key, list);
          failures.set(key, (failures.get(key) ?? 0) + result.failures);
        }
      }
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  const cells: ThroughputCell[] = [];
  for (const concurrency of CONCURRENCIES) {
    for (const client of clients) {
      const list = samples.get(`${client.id}@${concurrency}`)!;
      const rps = list.map((round) => round.requestsPerSecond);
      cells.push({
        client: client.id,
        label: client.label,
        concurrency,
        requestsPerSecond: median(rps),
        requestsPerSecondRange: spread(rps),
        p50Ms: median(list.map((round) => round.p50Ms)),
        p99Ms: median(list.map((round) => round.p99Ms)),
        cpuMicrosPerRequest: median(list.map((round) => round.cpuMicrosPerRequest)),
        failures: failures.get(`${client.id}@${concurrency}`) ?? 0,
        rounds: list,
      });
    }
  }
  const ratio = (concurrency: number, numerator: BenchClientId, denominator: BenchClientId) => {
    const top = samples.get(`${numerator}@${concurrency}`)!;
    const bottom = samples.get(`${denominator}@${concurrency}`)!;
    return { concurrency, numerator, denominator, ratio: median(top.map((round, index) => round.requestsPerSecond / bottom[index]!.requestsPerSecond)) };
  };
  const ratios = CONCURRENCIES.flatMap((concurrency) => [
    ratio(concurrency, 'switchboard-generate', 'ky'),
    ratio(concurrency, 'switchboard-generate', 'fetch'),
    ratio(concurrency, 'switchboard-generate', 'undici-request'),
    ratio(concurrency, 'switchboard-stream', 'ky'),
    ratio(concurrency, 'switchboard-stream', 'fetch'),
    ratio(concurrency, 'switchboard-stream', 'undici-request'),
  ]);
  return { requestsPerCell, warmupPerCell, rounds, cells, ratios };
}

async function warmUp(client: BenchClient, requests: number): Promise<void> {
  await runLoad({ send: client.send, requests, concurrency: 16 });
}

/** `items` shifted left by `by` places: a different client goes first each round. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
