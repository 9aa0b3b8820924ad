// The gateway under an OpenTelemetry SDK registered as a host registers one: a client's W3C
// traceparent is continued (SERVER span -> the registry's call span -> one span per attempt), and
// each upstream request carries its attempt's traceparent, as the emulators recorded it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SHARED_MODEL, useEmulatedGateway } from '../src/__fixtures__/start-emulated-gateway.js';
import { startTestGateway } from '../src/__fixtures__/start-test-gateway.js';
import { createRegistry } from '@switchboard/core';
import { createMockProvider } from '@switchboard/testing';
import Fastify from 'fastify';
import { switchboardGateway } from '../src/switchboard-gateway.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  trace.disable();
  propagation.disable();
  context.disable();
  await provider.shutdown();
});
beforeEach(() => exporter.reset());

const server = useEmulatedGateway();
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
const traceparent = `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01`;
const hello = { model: SHARED_MODEL, messages: [{ role: 'user', content: 'Hello traced gateway' }] };

/** The spans once the server span of the request has ended (it ends when the response is over). */
async function spansOf(route: string): Promise<ReadableSpan[]> {
  for (let tries = 0; tries < 100 && !exporter.getFinishedSpans().some((span) => span.kind === SpanKind.SERVER && span.name === route); tries++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return exporter.getFinishedSpans();
}
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) => spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

describe('a traced gateway', () => {
  it("continues the client's trace: SERVER span, call span, attempt span, and the upstream request carries the attempt's traceparent", async () => {
    const response = await server.chat(hello, { traceparent });
    expect(response.status).toBe(200);
    await response.text();

    const spans = await spansOf('POST /v1/chat/completions');
    const incoming = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(incoming.name).toBe('POST /v1/chat/completions');
    expect(incoming.spanContext().traceId).toBe(TRACE_ID);
    expect(incoming.parentSpanContext?.spanId).toBe(CLIENT_SPAN_ID);
    expect(incoming.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'url.path': '/v1/chat/completions',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
    });
    const [call] = childrenOf(spans, incoming);
    expect(call!.name).toBe(`switchboard.generate ${SHARED_MODEL}`);
    const [attempt] = childrenOf(spans, call!);
    expect(attempt!.name).toBe(`chat ${SHARED_MODEL}`);
    expect(attempt!.attributes).toMatchObject({ 'gen_ai.provider.name': 'dynaspark', 'server.address': '127.0.0.1' });
    for (const span of spans) expect(span.spanContext().traceId).toBe(TRACE_ID);

    const [upstream] = server.dynaspark.requests;
    expect(upstream!.headers['traceparent']).toBe(`00-${TRACE_ID}-${attempt!.spanContext().spanId}-01`);
  });

  it('a stream: the SERVER span ends with the stream; a fallback shows as two attempts, each upstream request with its own', async () => {
    server.dynaspark.setFaults([{ fault: 'status-503' }]);
    const response = await server.chat({ ...hello, stream: true }, { traceparent });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('[DONE]');

    const spans = await spansOf('POST /v1/chat/completions');
    const incoming = spans.find((span) => span.kind === SpanKind.SERVER)!;
    const [call] = childrenOf(spans, incoming);
    expect(call!.name).toBe(`switchboard.stream ${SHARED_MODEL}`);
    const attempts = childrenOf(spans, call!);
    expect(attempts.map((span) => [span.attributes['gen_ai.provider.name'], span.attributes['switchboard.decision'] ?? null])).toEqual([
      ['dynaspark', 'fallback'],
      ['local', null],
    ]);
    expect(server.dynaspark.requests[0]!.headers['traceparent']).toBe(`00-${TRACE_ID}-${attempts[0]!.spanContext().spanId}-01`);
    expect(server.local.requests[0]!.headers['traceparent']).toBe(`00-${TRACE_ID}-${attempts[1]!.spanContext().spanId}-01`);
    // The OpenAI-compatible plugin reports the completion's id and model.
    expect(attempts[1]!.attributes).toMatchObject({ 'gen_ai.response.id': expect.stringMatching(/^chatcmpl-/), 'gen_ai.response.model': SHARED_MODEL });
    // The SDK anchors each span's clock on Date.now() (whole milliseconds): two spans' times agree to within 1 ms only.
    expect(incoming.endTime[0] * 1e9 + incoming.endTime[1]).toBeGreaterThanOrEqual(call!.endTime[0] * 1e9 + call!.endTime[1] - 1e6);
  });

  it('a request without traceparent starts its own trace; GET /v1/models has a span, probes and /metrics none', async () => {
    await (await server.chat(hello)).text();
    await (await fetch(`${server.url}/health/live`)).text();
    await (await fetch(`${server.url}/metrics`)).text();
    // The last request's span: those before it had their turn to end (or not exist).
    await (await fetch(`${server.url}/v1/models`)).text();
    const spans = await spansOf('GET /v1/models');
    const servers = spans.filter((span) => span.kind === SpanKind.SERVER);
    expect(servers.map((span) => span.name).sort()).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
    const chat = servers.find((span) => span.name === 'POST /v1/chat/completions')!;
    expect(chat.parentSpanContext).toBeUndefined();
    expect(childrenOf(spans, chat)).toHaveLength(1);
  });
});

describe('every API the gateway speaks', () => {
  it.each([
    ['POST /v1/responses', '/v1/responses', { model: SHARED_MODEL, input: 'Hello traced gateway', stream: true }],
    ['POST /v1/messages', '/v1/messages', { model: SHARED_MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hello traced gateway' }] }],
  ])("%s: the same SERVER span, call span and attempt span, the upstream request carrying the attempt's traceparent", async (name, path, body) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    await response.text();

    const spans = await spansOf(name);
    const incoming = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(incoming.name).toBe(name);
    expect(incoming.parentSpanContext?.spanId).toBe(CLIENT_SPAN_ID);
    const [call] = childrenOf(spans, incoming);
    const [attempt] = childrenOf(spans, call!);
    expect(attempt!.name).toBe(`chat ${SHARED_MODEL}`);
    expect(server.dynaspark.requests[0]!.headers['traceparent']).toBe(`00-${TRACE_ID}-${attempt!.spanContext().spanId}-01`);
  });
});

describe('a refused request', () => {
  it('has its SERVER span with the status, and no call span', async () => {
    const gateway = await startTestGateway({ providers: [createMockProvider({ id: 'alpha' })], gateway: { apiKey: 'secret' } });
    try {
      const response = await gateway.chat(hello, { traceparent });
      expect(response.status).toBe(401);
      const spans = await spansOf('POST /v1/chat/completions');
      expect(spans.map((span) => [span.name, span.attributes['http.response.status_code']])).toEqual([['POST /v1/chat/completions', 401]]);
    } finally {
      await gateway.close();
    }
  });
});

describe('a gateway mounted under a prefix in a host app', () => {
  it("traces its API routes under the prefix, not its probes, and none of the host's own routes", async () => {
    const app = Fastify();
    const registry = createRegistry({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], useRegistered: false });
    app.get('/host-route', async () => 'host');
    await app.register(switchboardGateway, { registry, prefix: '/ai', processMetrics: false, env: {} });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const chat = await fetch(`${url}/ai/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent },
        body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: 'Hi' }] }),
      });
      expect(chat.status).toBe(200);
      await chat.text();
      for (const path of ['/ai/metrics', '/ai/health/live', '/host-route', '/ai/v1/models']) await (await fetch(`${url}${path}`)).text();
      // Waiting for the last request's span: those before it had their turn to end (or not exist).
      const spans = await spansOf('GET /ai/v1/models');
      expect(spans.filter((span) => span.kind === SpanKind.SERVER).map((span) => span.name)).toEqual(['POST /ai/v1/chat/completions', 'GET /ai/v1/models']);
    } finally {
      await app.close();
      await registry.close();
    }
  });
});
