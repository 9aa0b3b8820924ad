import { createBenchClient } from './bench-clients.js';
import { requireEmulator, type BenchEnv } from './bench-env.js';
import { measureClientCpu } from './measure-client-cpu.js';
import { runLoad } from './run-load.js';
import { median } from './stats.js';

/** Framework CPU per request over hand-written clients, at one concurrency. */
export interface OverheadRow {
  concurrency: number;
  /** core's createHttpClient().request + JSON.parse, median over rounds. */
  transportMicros: number;
  /** A raw node:http client sending the same bytes (keep-alive Agent), median over rounds. */
  nodeHttpMicros: number;
  /** registry.create(model).generate(prompt), median over rounds. */
  generateMicros: number;
  /** generate / transport - 1, the median of per-set ratios. */
  overhead: number;
  /** generate / node:http, the median of per-set ratios. */
  overNodeHttp: number;
  /** Per set of rounds, in run order. */
  pairs: { transportMicros: number; nodeHttpMicros: number; generateMicros: number }[];
}

export interface OverheadResult {
  requestsPerRound: number;
  pairs: number;
  rows: OverheadRow[];
}

const CONCURRENCIES = [1, 16] as const;

/**
 * Switchboard's client CPU per request against the very transport it calls (so the difference is
 * the framework: registry, orchestration, provider) and against a raw node:http client sending
 * the same bytes. The three run in rounds whose order rotates (ABC, CBA…), so drift on the machine
 * cancels out; each set gives its ratios and the median counts.
 */
export async function runOverhead(env: BenchEnv): Promise<OverheadResult> {
  const emulator = requireEmulator(env);
  await emulator.reset();
  const requestsPerRound = env.quick ? 300 : 4_000;
  const pairs = env.quick ? 1 : 6;
  const transport = createBenchClient('core-transport', emulator.url);
  const nodeHttp = createBenchClient('node-http', emulator.url);
  const generate = createBenchClient('switchboard-generate', emulator.url);
  const clients = [transport, nodeHttp, generate];
  const rows: OverheadRow[] = [];
  try {
    for (const client of clients) await runLoad({ send: client.send, requests: env.quick ? 200 : 2_000, concurrency: 16 });
    for (const concurrency of CONCURRENCIES) {
      const measured: OverheadRow['pairs'] = [];
      for (let pair = 0; pair < pairs; pair++) {
        const order = pair % 2 === 0 ? clients : [...clients].reverse();
        const cpu = new Map<string, number>();
        for (const client of order) cpu.set(client.id, await measureClientCpu(client, { requests: requestsPerRound, concurrency }));
        measured.push({ transportMicros: cpu.get(transport.id)!, nodeHttpMicros: cpu.get(nodeHttp.id)!, generateMicros: cpu.get(generate.id)! });
      }
      rows.push({
        concurrency,
        transportMicros: median(measured.map((set) => set.transportMicros)),
        nodeHttpMicros: median(measured.map((set) => set.nodeHttpMicros)),
        generateMicros: median(measured.map((set) => set.generateMicros)),
        overhead: median(measured.map((set) => set.generateMicros / set.transportMicros - 1)),
        overNodeHttp: median(measured.map((set) => set.generateMicros / set.nodeHttpMicros)),
        pairs: measured,
      });
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  return { requestsPerRound, pairs, rows };
}
