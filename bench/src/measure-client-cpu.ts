import type { BenchClient } from './bench-clients.js';
import { collectGarbage } from './bench-env.js';
import { runLoad } from './run-load.js';

/**
 * One measured run of a client: 200 requests to warm it at this concurrency, a full collection so
 * the previous client's garbage is not collected on its time, then `requests` at `concurrency`.
 * Resolves with the client CPU per request; any failed request fails the measurement.
 */
export async function measureClientCpu(
  client: Pick<BenchClient, 'send' | 'label'>,
  { requests, concurrency }: { requests: number; concurrency: number },
): Promise<number> {
  await runLoad({ send: client.send, requests: 200, concurrency });
  collectGarbage();
  const result = await runLoad({ send: client.send, requests, concurrency });
  if (result.failures > 0) throw new Error(`${client.label}: ${result.failures} failures; first: ${String(result.firstError)}`);
  return result.cpuMicrosPerRequest;
}
