// What a registry writes to OpenTelemetry, read back from an SDK registered the way a host does
// (in-memory exporter, a metric reader): the span tree of a call and its attributes on the GenAI
// conventions, content only when asked, the trace context its upstream requests carry, and the metrics.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { AlwaysOffSampler, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVERY_CALL_SETTING } from '../__fixtures__/every-call-setting.js';
import { ApiCallError } from '../errors/api-call-error.js';
import { createHttpClient } from '../http/create-http-client.js';
import type { Logger } from '../logging/logger.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import type { ProviderChunk } from '../provider/stream-part.js';
import { registryWith } from '../registry/__fixtures__/registry-with.js';
import { rejection } from '../testing/captured-error.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { TINY_PNG } from '../testing/tiny-png.js';
import { registerTestSdk, type TestSdk } from './__fixtures__/test-sdk.js';

type Answer = (options: ProviderCallOptions) => AsyncIterable<ProviderChunk>;

/** A provider of `echo` answering call N with `script[N]` (the last one repeats). */
function provider(id: string, ...script: (Answer | Error)[]) {
  let call = 0;
  return createFakeProvider({
    id,
    capabilities: { echo: { tools: true } },
    answer: (_model, _messages, options) => {
      const step = script[Math.min(call++, script.length - 1)]!;
      if (step instanceof Error)
        return (async function* () {
          throw step;
        })();
      return step(options);
    },
  });
}

const answer = (...chunks: ProviderChunk[]): Answer =>
  async function* () {
    yield* chunks;
  };

const hello = answer('Hello', ' there', { type: 'usage', usage: { promptTokens: 7, completionTokens: 2 } }, { type: 'finish', finishReason: 'stop' });
const unavailable = (id: string) => new ApiCallError({ provider: id, model: 'echo', status: 503, isRetryable: true, message: 'HTTP 503: busy' });
const unauthorized = (id: string) => new ApiCallError({ provider: id, model: 'echo', status: 401, isRetryable: false, message: 'HTTP 401: bad key' });
// Retries wait a millisecond, not a quarter of a second.
const quick = { baseDelayMs: 1, maxDelayMs: 1 };

const attributes = (span: ReadableSpan) => span.attributes;
const children = (sdk: TestSdk, parent: ReadableSpan) =>
  sdk.spans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId && span.kind === SpanKind.CLIENT);

let sdk: TestSdk;
beforeEach(() => {
  sdk = registerTestSdk();
});
afterEach(async () => {
  await sdk.close();
});

describe('the span of a call and the spans of its attempts', () => {
  it("is one INTERNAL span, child of the host's active span, over one CLIENT span per attempt named 'chat {model}'", async () => {
    const registry = registryWith([provider('alpha', hello)], { aliases: { flash: 'echo' } });
    const host = trace.getTracer('host');
    await host.startActiveSpan('host work', async (span) => {
      const result = await registry.create('flash').generate('Hi');
      expect(result.text).toBe('Hello there');
      span.end();
    });

    const call = sdk.span('switchboard.generate flash');
    expect(call.kind).toBe(SpanKind.INTERNAL);
    expect(call.parentSpanContext?.spanId).toBe(sdk.span('host work').spanContext().spanId);
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(attributes(call)).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'flash',
      'gen_ai.request.stream': false,
      'gen_ai.provider.name': 'alpha',
      'gen_ai.response.model': 'echo',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.output_tokens': 2,
      'switchboard.request_id': expect.any(String),
      'switchboard.attempt.count': 1,
      'switchboard.fallback.count': 0,
      'switchboard.attempt.trail': ['alpha/echo #1 success'],
    });

    const [attempt, ...more] = children(sdk, call);
    expect(more).toEqual([]);
    expect(attempt!.name).toBe('chat echo');
    expect(attributes(attempt!)).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'alpha',
      'gen_ai.request.model': 'echo',
      'gen_ai.request.stream': false,
      'gen_ai.response.model': 'echo',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.output_tokens': 2,
      'switchboard.request_id': attributes(call)['switchboard.request_id'],
      'switchboard.attempt': 1,
      'switchboard.circuit.state': 'closed',
    });
    await registry.close();
  });

  it("carries the call's settings as asked on the call span, and on each attempt those its provider honours", async () => {
    const honouring = createFakeProvider({
      id: 'alpha',
      callSettings: { echo: ['temperature', 'maxOutputTokens'] },
      answer: () => hello({} as ProviderCallOptions),
    });
    const registry = registryWith([honouring]);
    await registry.create('echo').generate('Hi', EVERY_CALL_SETTING);
    const call = sdk.span('switchboard.generate echo');
    expect(attributes(call)).toMatchObject({
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.seed': 7,
      'gen_ai.request.presence_penalty': 0.5,
      'gen_ai.request.frequency_penalty': -0.5,
    });
    const [attempt] = children(sdk, call);
    const requested = Object.keys(attributes(attempt!)).filter((key) => key.startsWith('gen_ai.request.'));
    expect(requested.sort()).toEqual(['gen_ai.request.max_tokens', 'gen_ai.request.model', 'gen_ai.request.stream', 'gen_ai.request.temperature']);
    await registry.close();
  });

  it('names the response as the provider reported it (gen_ai.response.id, the exact model), a part no caller sees', async () => {
    const reported = answer({ type: 'response-info', id: 'chatcmpl-42', model: 'echo-2024-08' }, 'Hello', { type: 'finish', finishReason: 'stop' });
    const registry = registryWith([provider('alpha', reported)]);
    const result = await registry.create('echo').generate('Hi');
    expect(result).not.toHaveProperty('id');
    const parts: string[] = [];
    for await (const part of registry.create('echo').stream('Hi')) parts.push(part.type);
    expect(parts).not.toContain('response-info');

    for (const name of ['switchboard.generate echo', 'switchboard.stream echo']) {
      const call = sdk.span(name);
      const [attempt] = children(sdk, call);
      for (const span of [call, attempt!])
        expect(attributes(span)).toMatchObject({ 'gen_ai.response.id': 'chatcmpl-42', 'gen_ai.response.model': 'echo-2024-08' });
    }
    expect((await sdk.points<Histogram>('gen_ai.client.operation.duration'))[0]!.attributes['gen_ai.response.model']).toBe('echo-2024-08');
    await registry.close();
  });

  it('retries: the failed attempt carries error.type (the status), the decision and the delay before the next', async () => {
    const registry = registryWith([provider('alpha', unavailable('alpha'), hello)], { resilience: quick });
    await registry.create('echo').generate('Hi');

    const call = sdk.span('switchboard.generate echo');
    const [failed, succeeded] = children(sdk, call);
    expect(failed!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'HTTP 503: busy' });
    expect(attributes(failed!)).toMatchObject({
      'error.type': '503',
      'switchboard.attempt': 1,
      'switchboard.error.kind': 'api-call',
      'switchboard.decision': 'retry',
      'switchboard.retry.delay': expect.any(Number),
    });
    expect(attributes(failed!)['switchboard.retry.delay']).toBeLessThanOrEqual(0.001);
    expect(attributes(failed!)).not.toHaveProperty(['gen_ai.response.model']);
    expect(attributes(succeeded!)).toMatchObject({ 'switchboard.attempt': 2, 'gen_ai.response.model': 'echo' });
    expect(attributes(succeeded!)).not.toHaveProperty(['error.type']);
    expect(attributes(call)).toMatchObject({
      'switchboard.attempt.count': 2,
      'switchboard.attempt.trail': ['alpha/echo #1 error api-call, then retry', 'alpha/echo #2 success'],
    });
    await registry.close();
  });

  it('falls back: the attempts on each provider under the one call, which names the provider that answered', async () => {
    const registry = registryWith([provider('broken', unauthorized('broken')), provider('backup', hello)]);
    await registry.create('echo').generate('Hi');

    const call = sdk.span('switchboard.generate echo');
    const [first, second] = children(sdk, call);
    expect(attributes(first!)).toMatchObject({ 'gen_ai.provider.name': 'broken', 'error.type': '401', 'switchboard.decision': 'fallback' });
    expect(attributes(second!)).toMatchObject({ 'gen_ai.provider.name': 'backup', 'switchboard.attempt': 1 });
    expect(attributes(call)).toMatchObject({
      'gen_ai.provider.name': 'backup',
      'switchboard.attempt.count': 2,
      'switchboard.fallback.count': 1,
      'switchboard.attempt.trail': ['broken/echo #1 error auth, then fallback', 'backup/echo #1 success'],
    });
    await registry.close();
  });

  it('a failed call: error.type and status on the call span, the trail of every attempt', async () => {
    const registry = registryWith([provider('broken', unauthorized('broken')), provider('down', unavailable('down'))], { resilience: quick });
    const error = await rejection(registry.create('echo').generate('Hi'));
    expect(error).toMatchObject({ name: 'AllProvidersFailedError' });

    const call = sdk.span('switchboard.generate echo');
    expect(call.status.code).toBe(SpanStatusCode.ERROR);
    expect(attributes(call)).toMatchObject({
      'error.type': 'all-providers-failed',
      'switchboard.attempt.count': 3,
      'switchboard.attempt.trail': [
        'broken/echo #1 error auth, then fallback',
        'down/echo #1 error api-call, then retry',
        'down/echo #2 error api-call, then stop (retry declined: max-attempts-per-provider)',
      ],
    });
    expect(attributes(call)).not.toHaveProperty(['gen_ai.provider.name']);
    expect(children(sdk, call).map((span) => attributes(span)['switchboard.decision'])).toEqual(['fallback', 'retry', 'stop']);
    expect(children(sdk, call).at(-1)!.attributes['switchboard.retry.declined']).toBe('max-attempts-per-provider');
    await registry.close();
  });

  it('a stream: time to first chunk on both spans, the same measurement as stream.firstChunkMs', async () => {
    const registry = registryWith([provider('alpha', hello)]);
    const stream = registry.create('echo').stream('Hi');
    let text = '';
    for await (const part of stream) if (part.type === 'text') text += part.text;
    expect(text).toBe('Hello there');

    const call = sdk.span('switchboard.stream echo');
    const [attempt] = children(sdk, call);
    expect(attributes(call)).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.usage.output_tokens': 2, 'gen_ai.response.finish_reasons': ['stop'] });
    expect(attributes(call)['gen_ai.response.time_to_first_chunk']).toBe(stream.firstChunkMs! / 1000);
    expect(attributes(attempt!)['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    expect(attributes(attempt!)['gen_ai.response.time_to_first_chunk']).toBeLessThanOrEqual(stream.firstChunkMs! / 1000);
    await registry.close();
  });

  it('a mid-stream failure fails the attempt and the call, after the part the caller received', async () => {
    const cut: Answer = async function* () {
      yield 'Hel';
      throw new Error('socket hang up');
    };
    const registry = registryWith([provider('alpha', cut)]);
    const received: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of registry.create('echo').stream('Hi')) if (part.type === 'text') received.push(part.text);
      })(),
    );
    expect(error).toMatchObject({ name: 'StreamInterruptedError' });
    expect(received).toEqual(['Hel']);

    const call = sdk.span('switchboard.stream echo');
    const [attempt] = children(sdk, call);
    for (const span of [call, attempt!]) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(attributes(span)['error.type']).toBe('stream-interrupted');
    }
    expect(attributes(attempt!)['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    await registry.close();
  });

  it("an abort ends the attempt and the call as failed with the caller's reason", async () => {
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => (started = resolve));
    const hang: Answer = async function* (options) {
      started();
      await new Promise((_, reject) => options.signal.addEventListener('abort', () => reject(options.signal.reason), { once: true }));
    };
    const registry = registryWith([provider('alpha', hang)]);
    const controller = new AbortController();
    const call = registry.create('echo').generate('Hi', { signal: controller.signal });
    await waiting;
    controller.abort();
    expect(await rejection(call)).toMatchObject({ name: 'AbortError' });

    const callSpan = sdk.span('switchboard.generate echo');
    const [attempt] = children(sdk, callSpan);
    for (const span of [callSpan, attempt!]) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(attributes(span)['error.type']).toBe('AbortError');
    }
    await registry.close();
  });

  it('a consumer that stops reading a stream ends its spans (error.type stream-closed)', async () => {
    const registry = registryWith([provider('alpha', hello)]);
    for await (const part of registry.create('echo').stream('Hi')) if (part.type === 'text') break;
    const call = sdk.span('switchboard.stream echo');
    expect(attributes(call)['error.type']).toBe('stream-closed');
    expect(children(sdk, call)).toHaveLength(1);
    await registry.close();
  });

  it('a call refused before any request (a mistake in its options) is a failed call span with no attempt', async () => {
    const registry = registryWith([provider('alpha', hello)]);
    await rejection(registry.create('echo').generate('Hi', { maxMediaBytes: -1 }));
    const call = sdk.span('switchboard.generate echo');
    expect(attributes(call)['error.type']).toBe('invalid-argument');
    expect(children(sdk, call)).toEqual([]);
    await registry.close();
  });
});

describe('content', () => {
  const tools = [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
  const weather = answer(
    { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
    { type: 'finish', finishReason: 'tool-calls' },
  );
  const conversation = [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Weather in Paris?' },
  ];

  it('is never recorded by default, even for a tool call', async () => {
    const registry = registryWith([provider('alpha', weather)]);
    await registry.create('echo').generate(conversation, { tools });
    for (const span of sdk.spans()) {
      expect(span.attributes).not.toHaveProperty(['gen_ai.input.messages']);
      expect(span.attributes).not.toHaveProperty(['gen_ai.output.messages']);
    }
    const [attempt] = children(sdk, sdk.span('switchboard.generate echo'));
    expect(attributes(attempt!)['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    await registry.close();
  });

  it("with captureContent, the attempt span holds the messages in the conventions' JSON shape (a tool call and its answer)", async () => {
    const registry = registryWith([provider('alpha', weather, hello)], { telemetry: { captureContent: true } });
    const first = await registry.create('echo').generate(conversation, { tools });
    const followUp = [
      ...conversation,
      { role: 'assistant' as const, content: '', toolCalls: first.toolCalls },
      { role: 'tool' as const, toolCallId: 'call_1', content: 'rainy, 14 °C' },
    ];
    await registry.create('echo').generate(followUp, { tools });

    const [asked, answered] = sdk.spans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(JSON.parse(asked!.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    ]);
    expect(JSON.parse(asked!.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_call' },
    ]);
    expect(JSON.parse(answered!.attributes['gen_ai.input.messages'] as string).slice(2)).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'rainy, 14 °C' }] },
    ]);
    expect(JSON.parse(answered!.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello there' }], finish_reason: 'stop' },
    ]);
    // Content goes on the attempts (what each provider was sent), not twice on the call.
    expect(sdk.spans().find((span) => span.kind === SpanKind.INTERNAL)!.attributes).not.toHaveProperty(['gen_ai.input.messages']);
    await registry.close();
  });

  it('of a stream is gathered as it streams; images are named, never copied', async () => {
    const png = `data:image/png;base64,${Buffer.from(TINY_PNG).toString('base64')}`;
    const registry = registryWith([createFakeProvider({ id: 'alpha', visionModels: ['echo'], answer: () => hello({} as ProviderCallOptions) })], {
      telemetry: { captureContent: true },
    });
    const prompt = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'What is this?' },
          { type: 'image_url' as const, image_url: { url: png } },
        ],
      },
    ];
    for await (const _part of registry.create('echo').stream(prompt));
    const [attempt] = sdk.spans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(JSON.parse(attempt!.attributes['gen_ai.input.messages'] as string)).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is this?' },
          { type: 'image', mime_type: 'image/png' },
        ],
      },
    ]);
    expect(JSON.parse(attempt!.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello there' }], finish_reason: 'stop' },
    ]);
    await registry.close();
  });

  it('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true turns it on; captureContent: false wins over it', async () => {
    const env = { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' };
    const fromEnv = registryWith([provider('alpha', hello)], { env });
    await fromEnv.create('echo').generate('Hi');
    expect(sdk.spans().find((span) => span.kind === SpanKind.CLIENT)!.attributes).toHaveProperty(['gen_ai.input.messages']);
    await fromEnv.close();

    const refused = registryWith([provider('beta', hello)], { env, telemetry: { captureContent: false } });
    await refused.create('echo').generate('Hi');
    const beta = sdk.spans().filter((span) => span.attributes['gen_ai.provider.name'] === 'beta' && span.kind === SpanKind.CLIENT);
    expect(beta).toHaveLength(1);
    expect(beta[0]!.attributes).not.toHaveProperty(['gen_ai.input.messages']);
    await refused.close();
  });
});

describe('trace context upstream', () => {
  /** A provider calling a local HTTP server through core's client; the server keeps each request's headers. */
  async function upstream() {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      response.end('Hello over HTTP');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createHttpClient({ provider: 'remote', baseUrl: `http://127.0.0.1:${port}` });
    const remote = createFakeProvider({
      id: 'remote',
      answer: async function* (model, _messages, options) {
        const response = await client.request({ path: '/chat', model, body: '{}', signal: options.signal });
        yield await response.text();
      },
    });
    return {
      seen,
      port,
      remote,
      client,
      close: async () => {
        await client.close();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it("carries each attempt's traceparent, and the attempt span names the server it went to", async () => {
    const http = await upstream();
    const registry = registryWith([http.remote]);
    await registry.create('echo').generate('Hi');
    const [attempt] = children(sdk, sdk.span('switchboard.generate echo'));
    const { traceId, spanId } = attempt!.spanContext();
    expect(http.seen[0]!.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(attributes(attempt!)).toMatchObject({ 'server.address': '127.0.0.1', 'server.port': http.port });

    // A request outside any attempt (a model list, a probe) carries none.
    await http.client.request({ path: '/models', method: 'GET', model: '' });
    expect(http.seen[1]).not.toHaveProperty('traceparent');
    await registry.close();
    await http.close();
  });

  it('a sampled-out call records nothing, and still tells the upstream its trace was not sampled', async () => {
    await sdk.close();
    sdk = registerTestSdk({ sampler: new AlwaysOffSampler() });
    const http = await upstream();
    const registry = registryWith([http.remote]);
    await registry.create('echo').generate('Hi');
    expect(sdk.spans()).toEqual([]);
    expect(http.seen[0]!.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    await registry.close();
    await http.close();
  });
});

describe('switches', () => {
  it('telemetry: false, or traces: false, writes no span', async () => {
    for (const telemetry of [false, { traces: false }] as const) {
      const registry = registryWith([provider('alpha', hello)], { telemetry });
      await registry.create('echo').generate('Hi');
      await registry.close();
    }
    expect(sdk.spans()).toEqual([]);
  });

  it('refuses a misspelt telemetry option, naming the right one', () => {
    expect(() => registryWith([provider('alpha', hello)], { telemetry: { captureContents: true } as never })).toThrow(
      "Invalid options.telemetry.captureContents: unknown telemetry option; did you mean 'captureContent'?",
    );
  });

  it('a span processor that throws changes nothing for the call, and is logged once', async () => {
    await sdk.close();
    const throwing: SpanProcessor = {
      onStart: () => {
        throw new Error('processor bug');
      },
      onEnd: () => {},
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    sdk = registerTestSdk({ processors: [throwing] });
    const warnings: unknown[] = [];
    const logger: Logger = {
      error: () => {},
      warn: (fields, message) => warnings.push({ fields, message }),
      info: () => {},
      debug: () => {},
      child: () => logger,
    };
    const registry = registryWith([provider('alpha', hello)], { logger });
    expect((await registry.create('echo').generate('Hi')).text).toBe('Hello there');
    expect((await registry.create('echo').generate('Hi')).text).toBe('Hello there');
    expect(warnings).toEqual([
      { fields: { err: expect.objectContaining({ message: 'processor bug' }) }, message: expect.stringContaining('the call went on unaffected') },
    ]);
    await registry.close();
  });
});

describe('metrics', () => {
  it("records the conventions' client metrics per call, and ours per attempt and circuit change", async () => {
    const registry = registryWith([provider('broken', unauthorized('broken')), provider('backup', hello)], {
      resilience: { ...quick, circuitFailureThreshold: 1 },
    });
    await registry.create('echo').generate('Hi');
    for await (const _part of registry.create('echo').stream('Hi'));

    const durations = await sdk.points<Histogram>('gen_ai.client.operation.duration');
    expect(durations).toHaveLength(1);
    expect(durations[0]!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'backup',
      'gen_ai.request.model': 'echo',
      'gen_ai.response.model': 'echo',
    });
    expect(durations[0]!.value.count).toBe(2);

    const tokens = await sdk.points<Histogram>('gen_ai.client.token.usage');
    expect(tokens.map((point) => [point.attributes['gen_ai.token.type'], point.value.sum, point.value.count])).toEqual([
      ['input', 14, 2],
      ['output', 4, 2],
    ]);
    // Streams only.
    const firstChunks = await sdk.points<Histogram>('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunks.map((point) => point.value.count)).toEqual([1]);

    const attempts = await sdk.points<number>('switchboard.client.attempts');
    // The second call finds broken's circuit open: turned away (skipped), nothing sent.
    expect(attempts.map((point) => [point.attributes['gen_ai.provider.name'], point.attributes['switchboard.outcome'], point.value])).toEqual([
      ['broken', 'error', 1],
      ['backup', 'success', 2],
      ['broken', 'skipped', 1],
    ]);
    const fallbacks = await sdk.points<number>('switchboard.client.fallbacks');
    expect(fallbacks.map((point) => [point.attributes['gen_ai.provider.name'], point.value])).toEqual([['broken', 1]]);
    const transitions = await sdk.points<number>('switchboard.circuit.transitions');
    expect(transitions.map((point) => [point.attributes['gen_ai.provider.name'], point.attributes['switchboard.circuit.to_state'], point.value])).toEqual([
      ['broken', 'open', 1],
    ]);
    expect(sdk.spans().length).toBeGreaterThan(0);
    await registry.close();
  });

  it('a failed call counts its duration with its error.type, and no tokens', async () => {
    const registry = registryWith([provider('broken', unauthorized('broken'))]);
    await rejection(registry.create('echo').generate('Hi'));
    const [duration] = await sdk.points<Histogram>('gen_ai.client.operation.duration');
    expect(duration!.attributes).toMatchObject({ 'gen_ai.provider.name': 'broken', 'error.type': '401' });
    expect(await sdk.points('gen_ai.client.token.usage')).toEqual([]);
    await registry.close();
  });

  it('metrics: false records none; a meter provider alone (no tracer) still gets them', async () => {
    const quiet = registryWith([provider('alpha', hello)], { telemetry: { metrics: false } });
    await quiet.create('echo').generate('Hi');
    expect(await sdk.points('gen_ai.client.operation.duration')).toEqual([]);
    await quiet.close();

    await sdk.close();
    sdk = registerTestSdk({ traces: false });
    const registry = registryWith([provider('alpha', hello)]);
    await registry.create('echo').generate('Hi');
    expect((await sdk.points<Histogram>('gen_ai.client.operation.duration'))[0]!.value.count).toBe(1);
    expect(sdk.spans()).toEqual([]);
    await registry.close();
  });
});

describe('budgets', () => {
  it("a provider's budget: the reservation on the attempt it let through, a refusal as an event on the call, the skipped candidate in the trail", async () => {
    const registry = registryWith([provider('alpha', hello), provider('beta', hello)], { limits: { alpha: { rpm: 1 } } });
    await registry.create('echo').generate('Hi');
    await registry.create('echo').generate('Hi');

    const [first, second] = sdk.spans().filter((span) => span.kind === SpanKind.INTERNAL);
    expect(attributes(children(sdk, first!)[0]!)).toMatchObject({ 'gen_ai.provider.name': 'alpha', 'switchboard.budget.outcome': 'reserved' });
    expect(second!.events.map((event) => [event.name, event.attributes])).toEqual([
      ['switchboard.budget.refused', { 'gen_ai.provider.name': 'alpha', 'switchboard.model': 'echo', 'switchboard.budget.limit': 'rpm' }],
    ]);
    expect(attributes(second!)).toMatchObject({
      'gen_ai.provider.name': 'beta',
      'switchboard.attempt.trail': ['alpha/echo #1 skipped budget, then fallback', 'beta/echo #1 success'],
      'switchboard.attempt.count': 1,
    });
    // beta has no budget: nothing said of one on its attempt.
    expect(attributes(children(sdk, second!)[0]!)).not.toHaveProperty(['switchboard.budget.outcome']);
    await registry.close();
  });

  it('a call every budget refuses fails with error.type budget-exceeded, no request sent; so does a caller budget past its limit', async () => {
    const registry = registryWith([provider('alpha', hello)], { limits: { alpha: { rpm: 1 } } });
    await registry.create('echo').generate('Hi');
    expect(await rejection(registry.create('echo').generate('Hi'))).toMatchObject({ name: 'BudgetExceededError' });
    const [, refused] = sdk.spans().filter((span) => span.kind === SpanKind.INTERNAL);
    expect(attributes(refused!)['error.type']).toBe('budget-exceeded');
    expect(children(sdk, refused!)).toEqual([]);
    await registry.close();

    const free = registryWith([provider('beta', hello)]);
    const budget = { name: 'key:alice', rpm: 1 };
    await free.create('echo').generate('Hi', { budget });
    await rejection(free.create('echo').generate('Hi', { budget }));
    const callerRefused = sdk
      .spans()
      .filter((span) => span.kind === SpanKind.INTERNAL)
      .at(-1)!;
    expect(attributes(callerRefused)['error.type']).toBe('budget-exceeded');
    await free.close();
  });
});
