// `node --expose-gc bench/dist/experiment/generate-overhead-probe.js [--rounds N] [--requests N] [--concurrency 1,16] [--against DIR] [--only ID]`:
// overhead.ts's clients (core's transport, a raw node:http client, generate()) against a Dynaspark
// emulator of its own, in rotating order, printing CPU per call per round and the medians of
// generate()'s ratios at each concurrency. A tool for work on the library's hot path, not part of
// `pnpm bench`. With `--against DIR` (another checkout, built), that checkout's core and Dynaspark
// plugin run as a fourth client in the same process, interleaved round by round: on a shared
// machine an A/B in one process is far steadier than two runs side by side. With `--only ID` one
// client runs alone (`switchboard-generate`, `against-generate`…), for `node --cpu-prof`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Registry } from '@switchboard/core';
import { createBenchClient, type BenchClient } from '../bench-clients.js';
import { killAllChildren } from '../child-processes.js';
import { checkAnswer, MODEL, PROMPT } from '../dynaspark-request.js';
import { measureClientCpu } from '../measure-client-cpu.js';
import { runLoad } from '../run-load.js';
import { spawnEmulator } from '../spawn-emulator.js';
import { median } from '../stats.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '1,16' },
    against: { type: 'string' },
    only: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const requests = Number(values.requests);
const concurrencies = values.concurrency.split(',').map(Number);

/** generate() through another checkout's built core and Dynaspark plugin. */
async function againstClient(checkout: string, baseUrl: string): Promise<BenchClient> {
  const load = (path: string) => import(pathToFileURL(join(checkout, path)).href);
  // The plugin registers itself in its own copy of core's container; that copy's registry finds it.
  await load('packages/provider-dynaspark/dist/index.js');
  const core = (await load('packages/core/dist/entries/index.js')) as typeof import('@switchboard/core');
  const registry: Registry = core.createRegistry({ providerOptions: { dynaspark: { baseUrl } } });
  const model = registry.create(MODEL);
  return {
    id: 'against-generate' as BenchClient['id'],
    label: `generate() of ${checkout}`,
    send: async () => {
      const result = await model.generate(PROMPT);
      checkAnswer(result.text);
      return result;
    },
    close: () => registry.close(),
  };
}

const emulator = await spawnEmulator();
try {
  const all = [
    createBenchClient('core-transport', emulator.url),
    createBenchClient('node-http', emulator.url),
    createBenchClient('switchboard-generate', emulator.url),
    ...(values.against ? [await againstClient(values.against, emulator.url)] : []),
  ];
  const clients = all.filter((client) => values.only === undefined || client.id === values.only);
  try {
    for (const client of clients) await runLoad({ send: client.send, requests: 1_000, concurrency: 16 });
    for (const concurrency of concurrencies) {
      const sets: Map<string, number>[] = [];
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? clients : [...clients].reverse();
        const cpu = new Map<string, number>();
        for (const client of order) cpu.set(client.id, await measureClientCpu(client, { requests, concurrency }));
        sets.push(cpu);
        process.stdout.write(`C=${concurrency} round ${round + 1}: ${[...cpu].map(([id, micros]) => `${id} ${micros.toFixed(1)}`).join(', ')} µs\n`);
      }
      const ratio = (id: string, base: string) => median(sets.map((cpu) => cpu.get(id)! / cpu.get(base)!));
      const line = [`C=${concurrency} MEDIAN`];
      for (const client of clients) line.push(`${client.id} ${median(sets.map((cpu) => cpu.get(client.id)!)).toFixed(1)} µs`);
      if (clients.length === all.length) {
        line.push(`generate/node:http ${ratio('switchboard-generate', 'node-http').toFixed(3)}×`);
        if (values.against) {
          line.push(`against/node:http ${ratio('against-generate', 'node-http').toFixed(3)}×`);
          line.push(`generate/against ${ratio('switchboard-generate', 'against-generate').toFixed(3)}×`);
        }
      }
      process.stdout.write(`${line.join(', ')}\n`);
    }
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
} finally {
  await emulator.close();
  killAllChildren();
}
