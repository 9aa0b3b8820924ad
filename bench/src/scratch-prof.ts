import { spawnEmulator } from './spawn-emulator.js';
import { createBenchClient, type BenchClientId } from './bench-clients.js';
import { runLoad } from './run-load.js';
const emu = await spawnEmulator();
const id = process.argv[2] as BenchClientId;
try {
  const client = createBenchClient(id, emu.url);
  await runLoad({ send: client.send, requests: 2000, concurrency: 16 });
  const r = await runLoad({ send: client.send, requests: 10000, concurrency: 16 });
  console.log(id, r.requestsPerSecond.toFixed(0), 'cpu/req', r.cpuMicrosPerRequest.toFixed(0));
  await client.close();
} finally { await emu.close(); }
