import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createRegistry, type Registry } from '@switchboard/core';
import { createMockProvider } from '@switchboard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { sseData, startTestGateway, type TestGateway, json } from './__fixtures__/start-test-gateway.js';
import { switchboardGateway } from './switchboard-gateway.js';

const hello = [{ role: 'user', content: 'Hello' }];
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A provider whose answers take `ms`, or never come (until aborted) when `ms` is undefined. */
const slowProvider = (ms?: number, first?: string) => {
  const aborted: unknown[] = [];
  const provider = createMockProvider({
    id: 'slow',
    models: ['echo'],
    defaultAnswer: async function* ({ options: { signal } }) {
      if (first) yield first;
      await new Promise<void>((resolve, reject) => {
        const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          aborted.push(signal.reason);
          reject(signal.reason);
        });
      });
      yield 'done';
    },
  });
  return { provider, aborted };
};

describe("switchboardGateway, mounted in a host's Fastify app", () => {
  let app: FastifyInstance | undefined;
  let registry: Registry | undefined;
  afterEach(async () => {
    await app?.close();
    await registry?.close();
  });

  it('serves the API under a prefix, with its auth and errors kept to its own routes', async () => {
    registry = createRegistry({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], useRegistered: false });
    app = Fastify();
    app.get('/hello', async () => ({ host: 'route' }));
    await app.register(switchboardGateway, { registry, prefix: '/ai', apiKey: 'sk-host', processMetrics: false });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });

    const answer = await post(`${url}/ai/v1/chat/completions`, { model: 'echo', messages: hello }, { authorization: 'Bearer sk-host' });
    expect(answer.status).toBe(200);
    expect((await json(answer)).provider).toBe('alpha');
    expect((await post(`${url}/ai/v1/chat/completions`, { model: 'echo', messages: hello })).status).toBe(401);
    // The host's routes keep their own rules: no key needed, Fastify's own error shape.
    expect(await json(await fetch(`${url}/hello`))).toEqual({ host: 'route' });
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
  });
});

describe('graceful shutdown', () => {
  let server: TestGateway | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lets a request in flight finish, and takes no new connection', async () => {
    const { provider } = slowProvider(200);
    server = await startTestGateway({ providers: [provider], gateway: { shutdownTimeoutMs: 5_000 } });
    const inFlight = server.chat({ model: 'echo', messages: hello });
    while (provider.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const closed = server.gateway.close();
    const response = await inFlight;
    await closed;

    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect((await json(response)).choices[0].message.content).toBe('done');
    await expect(server.chat({ model: 'echo', messages: hello })).rejects.toThrow('fetch failed');
  });

  it('aborts what is still running near the time limit, upstream included, and closes within it', async () => {
    const { provider, aborted } = slowProvider(undefined);
    server = await startTestGateway({ providers: [provider], gateway: { shutdownTimeoutMs: 1_000 } });
    const whole = server.chat({ model: 'echo', messages: hello });
    while (provider.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const started = performance.now();
    await server.gateway.close();
    const took = performance.now() - started;

    const response = await whole;
    expect(response.status).toBe(503);
    expect((await json(response)).error.code).toBe('server_shutting_down');
    expect(aborted).toEqual([expect.objectContaining({ code: 'server_shutting_down' })]);
    // Not before 80% of the limit (timers never fire early); that it ends at all is the point: the
    // provider would run forever otherwise.
    expect(took).toBeGreaterThanOrEqual(750);
  });

  it('ends a stream still running at the time limit with an error event', async () => {
    const { provider } = slowProvider(undefined, 'partial');
    server = await startTestGateway({ providers: [provider], gateway: { shutdownTimeoutMs: 400 } });
    const response = await server.chat({ model: 'echo', messages: hello, stream: true });
    const body = response.text();

    await server.gateway.close();

    const events = sseData(await body);
    expect(events).not.toContain('[DONE]');
    expect(JSON.parse(events.at(-1)!).error.code).toBe('server_shutting_down');
  });
});
