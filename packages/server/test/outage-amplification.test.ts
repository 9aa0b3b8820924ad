// A lone upstream answering every request with 503, behind the gateway with the registry's default
// resilience: what must hold is that the outage is not multiplied (each client request is not
// turned into several upstream ones), and that once the circuit is open, clients are answered at
// once with 503 and Retry-After, without a request upstream. Counts only, no timing.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import { json, startTestGateway, type TestGateway } from '../src/__fixtures__/start-test-gateway.js';

const MODEL = 'gemini-2.0-flash';
const REQUESTS = 500;
const CONCURRENCY = 25;

let upstream: OpenAICompatibleEmulator;
let server: TestGateway;

beforeAll(async () => {
  upstream = await startOpenAICompatibleEmulator({ models: [MODEL] });
  upstream.setFaults([{ fault: 'status-503' }]);
  // The registry's defaults (2 attempts per provider, circuit at 5 failures in a row, 30 s
  // cooldown, retry budget 10 + 20%), with the test gateway's 1 ms back-off.
  const lone = await createOpenAICompatible({ id: 'lone', baseUrl: upstream.url, models: [MODEL] }, { env: {} });
  server = await startTestGateway({ providers: [lone] });
});

afterAll(async () => {
  await server.close();
  await upstream.close();
});

const upstreamRequests = () => upstream.requests.filter((request) => request.path === '/v1/chat/completions').length;

it(`${REQUESTS} requests, ${CONCURRENCY} at a time, in a storm of 503s from a lone provider: at most ${CONCURRENCY + 5} upstream requests, the rest shed with 503 and Retry-After`, async () => {
  const statuses = new Map<string, number>();
  let retryAfter: string | null = null;
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      next++;
      const response = await server.chat({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }] });
      const { error } = await json(response);
      const key = `${response.status} ${error.code}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (error.code === 'circuit_open') retryAfter = response.headers.get('retry-after');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  // Before: every request made 6 attempts upstream (2,995 for 500). Now the circuit opens at the
  // 5th failure in a row; the requests already in flight finish, and a retry is never sent to an
  // open circuit: the first wave plus the failures that opened it, at most.
  expect(upstreamRequests()).toBeLessThanOrEqual(CONCURRENCY + 5);
  const shed = statuses.get('503 circuit_open') ?? 0;
  expect(shed).toBeGreaterThanOrEqual(REQUESTS - CONCURRENCY - 5);
  expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(REQUESTS);
  expect(Number(retryAfter)).toBeGreaterThan(0);
  expect(Number(retryAfter)).toBeLessThanOrEqual(30);
});

it('/health keeps the upstream 503 as the last error, not the circuit in its own words', async () => {
  const response = await fetch(`${server.url}/health`);
  const report = await json(response);

  expect(report.providers[0]).toMatchObject({ provider: 'lone', circuit: 'open', lastError: { kind: 'api-call', message: expect.stringContaining('503') } });
  expect(JSON.stringify(report)).not.toContain('Execution prevented');
});
