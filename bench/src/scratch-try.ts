import { spawnEmulator } from './spawn-emulator.js';
import { createBenchClient, type BenchClientId } from './bench-clients.js';
import { runLoad } from './run-load.js';
import { percentile } from './stats.js';
const emu = await spawnEmulator();
const ids: BenchClientId[] = ['node-http', 'undici-request', 'fetch', 'ky', 'core-transport', 'switchboard-generate', 'switchboard-stream'];
try {
  for (const c of [1, 16, 64]) for (const id of ids) {
    const client = createBenchClient(id, emu.url);
    await runLoad({ send: client.send, requests: 500, concurrency: c });
    const r = await runLoad({ send: client.send, requests: 3000, concurrency: c });
    console.log(c, id.padEnd(22), r.requestsPerSecond.toFixed(0), 'rps p50', percentile(r.latenciesMs, 50).toFixed(2), 'p99', percentile(r.latenciesMs, 99).toFixed(2), 'cpu/req µs', r.cpuMicrosPerRequest.toFixed(0), 'fail', r.failures, r.firstError ?? '');
    await client.close();
  }
} finally { await emu.close(); }
