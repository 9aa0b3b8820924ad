import { afterEach, describe, expect, it } from '@jest/globals';
import { ApiCallError } from '@switchboard/core';
import { createMockProvider } from '@switchboard/testing';
import { startTestGateway, type TestGateway } from '../__fixtures__/start-test-gateway.js';

const hello = [{ role: 'user', content: 'Hello' }];
let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const metricsText = async (url: string) => {
  const response = await fetch(`${url}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
};

describe('GET /metrics', () => {
  it('counts requests, attempts, retries, fallbacks and circuit changes per provider and model', async () => {
    const broken = createMockProvider({
      id: 'broken',
      models: ['echo'],
      defaultAnswer: async function* ({ model }) {
        throw new ApiCallError({ provider: 'broken', model, status: 503, isRetryable: true, message: 'down' });
      },
    });
    const backup = createMockProvider({ id: 'backup', models: ['echo'] });
    server = await startTestGateway({ providers: [broken, backup], registry: { resilience: { maxAttemptsPerProvider: 2, circuitFailureThreshold: 2 } } });

    expect((await server.chat({ model: 'echo', messages: hello })).status).toBe(200);
    expect((await server.chat({ model: 'echo', messages: hello, stream: true })).status).toBe(200);
    expect((await server.chat({ model: 'no-such-model', messages: hello })).status).toBe(404);

    const text = await metricsText(server.url);
    expect(text).toContain('switchboard_gateway_requests_total{route="chat",model="echo",provider="backup",status="200",stream="false"} 1');
    expect(text).toContain('switchboard_gateway_requests_total{route="chat",model="echo",provider="backup",status="200",stream="true"} 1');
    // Unknown names are not labels (they would make the label set unbounded).
    expect(text).toContain('switchboard_gateway_requests_total{route="chat",model="",provider="",status="404",stream="false"} 1');
    expect(text).toContain('switchboard_attempts_total{provider="broken",model="echo",outcome="error",error_kind="api-call"} 2');
    expect(text).toContain('switchboard_attempts_total{provider="backup",model="echo",outcome="success",error_kind=""} 2');
    expect(text).toContain('switchboard_retries_total{provider="broken",model="echo",error_kind="api-call"} 1');
    expect(text).toContain('switchboard_fallbacks_total{from_provider="broken",from_model="echo",to_provider="backup",error_kind="api-call"} 1');
    expect(text).toContain('switchboard_circuit_state{provider="broken",model="echo"} 2');
    expect(text).toMatch(/switchboard_gateway_request_duration_seconds_count\{route="chat",model="echo",provider="backup",stream="false"\} 1/);
    expect(text).toMatch(/switchboard_gateway_time_to_first_chunk_seconds_count\{model="echo",provider="backup"\} 1/);
    expect(text).toMatch(/switchboard_attempt_duration_seconds_bucket\{le="0.005",provider="backup",model="echo",outcome="success"\} \d/);
    expect(text).toContain('switchboard_gateway_requests_in_flight 0');
  });

  it('tells the three APIs apart by route, also for a request refused before it was read, and says so in its help', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })] });
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${server!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    expect((await server.chat({ model: 'echo', messages: hello })).status).toBe(200);
    expect((await post('/v1/responses', JSON.stringify({ model: 'echo', input: 'Hello' }))).status).toBe(200);
    expect((await post('/v1/responses', JSON.stringify({ model: 'echo', input: 'Hello', stream: true }))).status).toBe(200);
    const message = { model: 'echo', max_tokens: 16, messages: hello };
    expect((await post('/v1/messages', JSON.stringify(message), { 'anthropic-version': '2023-06-01' })).status).toBe(200);
    // Bad JSON: refused by Fastify's parser, before the route's handler.
    expect((await post('/v1/messages', '{"model":', { 'anthropic-version': '2023-06-01' })).status).toBe(400);

    const text = await metricsText(server.url);
    const counted = [
      ['chat', 'echo', 'alpha', 200, false],
      ['responses', 'echo', 'alpha', 200, false],
      ['responses', 'echo', 'alpha', 200, true],
      ['messages', 'echo', 'alpha', 200, false],
      ['messages', '', '', 400, false],
    ] as const;
    for (const [route, model, provider, status, stream] of counted)
      expect(text).toContain(
        `switchboard_gateway_requests_total{route="${route}",model="${model}",provider="${provider}",status="${status}",stream="${stream}"} 1`,
      );
    expect(text).toMatch(/switchboard_gateway_request_duration_seconds_count\{route="responses",model="echo",provider="alpha",stream="true"\} 1/);
    expect(text).toContain(
      '# HELP switchboard_gateway_requests_total API requests (route: chat completions, responses or messages), by public model name, answering provider, HTTP status and streaming.',
    );
    // Only the three route names: no path, no other value.
    const routes = new Set([...text.matchAll(/^switchboard_gateway_\w+\{route="([^"]*)"/gm)].map((match) => match[1]));
    expect([...routes].sort()).toEqual(['chat', 'messages', 'responses']);
  });

  it("includes Node's process metrics unless turned off, and can be turned off whole", async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha' })], gateway: { processMetrics: true } });
    expect(await metricsText(server.url)).toContain('process_cpu_user_seconds_total');
    await server.close();

    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha' })], gateway: { metrics: false } });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });
});
