// Attack: send model names nobody serves, each one different. Every name that became a metrics
// label (or a cache entry) stayed in memory for good: 60,000 of them took the heap to 790 MB and
// /metrics to 122 MB. Only names the catalogue lists become labels now.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMockProvider } from '@switchboard/testing';
import { startTestGateway, type TestGateway } from '../../src/__fixtures__/start-test-gateway.js';
import { heapAfterGc, STALL_MS, watchLiveness } from './watch-liveness.js';

let server: TestGateway;
beforeAll(async () => {
  server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })] });
});
afterAll(() => server.close());

// Every other one is `alpha/` and a run of whitespace, which the registry would resolve to
// alpha's default model (a name it serves, spelled in a way the catalogue does not list); the
// others are names nobody serves at all.
const WHITESPACE = [' ', '\t', '\n', '\u00a0'];
const junkName = (index: number) => {
  if (index % 2 === 1) return `junk-${index}`;
  let name = 'alpha/';
  for (let rest = index + 1; rest > 0; rest = Math.floor(rest / WHITESPACE.length)) name += WHITESPACE[rest % WHITESPACE.length];
  return name;
};

/** Sends `count` chat requests with junk model names (and no messages, a 400), 32 at a time over keep-alive. */
async function sendJunk(from: number, count: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const { hostname, port } = new URL(server.url);
  const statuses: number[] = [];
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const body = JSON.stringify({ model: junkName(next++), messages: [] });
      statuses.push(
        await new Promise<number>((resolve, reject) => {
          const request = http.request(
            { host: hostname, port, agent, method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' } },
            (response) => {
              response.resume();
              response.on('end', () => resolve(response.statusCode!));
            },
          );
          request.on('error', reject);
          request.end(body);
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  return statuses;
}

/** The size of /metrics and how many series it has (its lines that are not comments). */
const readMetrics = async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return { bytes: text.length, series: text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length };
};

describe('60,000 requests with junk model names', () => {
  it('leave the heap and /metrics as they were', async () => {
    await sendJunk(0, 2_000);
    const heapBefore = heapAfterGc();
    const metricsBefore = await readMetrics();
    const watch = watchLiveness(server.url);

    const statuses = await sendJunk(2_000, 60_000);
    const liveness = await watch.stop();

    expect(new Set(statuses)).toEqual(new Set([400, 404]));
    const metricsAfter = await readMetrics();
    expect(metricsAfter.series).toBe(metricsBefore.series);
    // Counters count higher: a few more digits, nothing more.
    expect(metricsAfter.bytes - metricsBefore.bytes).toBeLessThan(200);
    const growth = heapAfterGc() - heapBefore;
    expect(growth).toBeLessThan(16 * 1024 * 1024);
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
  }, 120_000);
});
