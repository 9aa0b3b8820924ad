import {
  ApiCallError,
  createRegistry,
  EmptyResponseError,
  HtmlResponseError,
  NetworkError,
  RateLimitError,
  ResponseFormatError,
  StreamInterruptedError,
  TimeoutError,
  type StreamPart,
} from '@switchboard/core';
import { createFakeClock, rejection } from '@switchboard/core/testing';
import { createMockProvider, type MockProviderOptions } from '../index.js';

const oneAttempt = { resilience: { maxAttemptsPerProvider: 1, maxAttempts: 1 } };

function serve(options: MockProviderOptions = {}) {
  const mock = createMockProvider({ models: ['mock-small', 'mock-large'], ...options });
  const registry = createRegistry({ providers: [mock], useRegistered: false, env: {}, ...(options.clock ? { clock: options.clock } : {}) });
  return { mock, registry };
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('createMockProvider: scripted answers', () => {
  it('answers with the script in order, then echoes the last message', async () => {
    const { registry } = serve({ answers: [{ text: 'first' }, { text: 'second' }] });
    const model = registry.create('mock-small');
    expect((await model.generate('a')).text).toBe('first');
    expect((await model.generate('b')).text).toBe('second');
    expect((await model.generate('and now?')).text).toBe('Echo: and now?');
  });

  it('streams chunks, usage and the finish reason', async () => {
    const { registry } = serve({
      answers: [{ chunks: ['Once', ' upon', ' a time'], usage: { promptTokens: 3, completionTokens: 4 }, finishReason: 'length' }],
    });
    const parts = await collect(registry.create('mock-small').stream('Tell me a story'));
    expect(parts).toEqual([
      { type: 'provider-info', provider: 'mock', model: 'mock-small' },
      { type: 'text', text: 'Once' },
      { type: 'text', text: ' upon' },
      { type: 'text', text: ' a time' },
      { type: 'usage', usage: { promptTokens: 3, completionTokens: 4 } },
      { type: 'finish', finishReason: 'length' },
    ]);
  });

  it('calls tools, and finishes with tool-calls', async () => {
    const { registry } = serve({
      capabilities: { 'mock-small': { tools: true } },
      answers: [{ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }],
    });
    const tools = [{ name: 'weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    const result = await registry.create('mock-small').generate('Weather in Oslo?', { tools });
    expect(result.finishReason).toBe('tool-calls');
    expect(result.toolCalls).toEqual([{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }]);
  });

  it('computes an answer from the call, and takes more answers with enqueue()', async () => {
    const { mock, registry } = serve({ defaultAnswer: ({ model }) => ({ text: `I am ${model}` }) });
    mock.enqueue({ text: 'queued' });
    expect(mock.pendingAnswers).toBe(1);
    expect((await registry.create('mock-large').generate('Hi')).text).toBe('queued');
    expect((await registry.create('mock-large').generate('Hi')).text).toBe('I am mock-large');
  });

  it('records what it was asked: model, messages and call options', async () => {
    const { mock, registry } = serve();
    const controller = new AbortController();
    await registry.create('mock-large').generate(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      { signal: controller.signal },
    );
    expect(mock.calls).toHaveLength(1);
    expect(mock.lastCall).toMatchObject({
      model: 'mock-large',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      options: { mode: 'generate', media: [], proxy: undefined },
    });
    expect(mock.lastCall!.options.signal).toBeInstanceOf(AbortSignal);
  });
});

describe('createMockProvider: failures of every error class', () => {
  it.each([
    ['api-call 500', { kind: 'api-call', status: 500 }, ApiCallError, { status: 500, isRetryable: true }],
    ['api-call 400', { kind: 'api-call', status: 400 }, ApiCallError, { status: 400, isRetryable: false }],
    ['api-call 429 with Retry-After', { kind: 'api-call', status: 429, headers: { 'retry-after': '3' } }, RateLimitError, { retryAfterMs: 3_000 }],
    ['rate-limit', { kind: 'rate-limit', retryAfterMs: 1_500 }, RateLimitError, { status: 429, retryAfterMs: 1_500 }],
    ['html outage page', { kind: 'html' }, HtmlResponseError, { status: 503, isChallenge: false }],
    ['html challenge', { kind: 'html', challenge: true }, HtmlResponseError, { status: 403, isChallenge: true }],
    ['response-format', { kind: 'response-format' }, ResponseFormatError, { status: 200 }],
    ['empty', { kind: 'empty' }, EmptyResponseError, {}],
    ['network', { kind: 'network', systemCode: 'ECONNREFUSED' }, NetworkError, { code: 'network', systemCode: 'ECONNREFUSED' }],
    ['timeout', { kind: 'timeout', timeoutMs: 250 }, TimeoutError, { phase: 'attempt', timeoutMs: 250 }],
  ] as const)('%s', async (_title, fail, ErrorClass, facts) => {
    const { registry } = serve({ answers: [{ fail }] });
    const error = await rejection(registry.create('mock-small').generate('Hi', oneAttempt));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ provider: 'mock', model: 'mock-small', ...facts });
  });

  it('throws any error given as is', async () => {
    const custom = new Error('boom');
    const { registry } = serve({ answers: [{ fail: custom }] });
    expect(await rejection(registry.create('mock-small').generate('Hi', oneAttempt))).toBe(custom);
  });

  it('breaks a stream midway: the caller gets the text so far, then StreamInterruptedError', async () => {
    const { registry } = serve({ answers: [{ chunks: ['Once', ' upon'], fail: { kind: 'network' } }] });
    const parts: StreamPart[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of registry.create('mock-small').stream('Tell me a story')) parts.push(part);
      })(),
    );
    expect(parts.filter((part) => part.type === 'text').map((part) => (part as { text: string }).text)).toEqual(['Once', ' upon']);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error).toMatchObject({ deliveredCharacters: 9, deliveredParts: 2 });
  });

  it('lets the registry retry: a 503, then an answer', async () => {
    const { mock, registry } = serve({ answers: [{ fail: { kind: 'api-call', status: 503 } }, { text: 'recovered' }] });
    const result = await registry.create('mock-small').generate('Hi', { resilience: { baseDelayMs: 1, maxDelayMs: 1 } });
    expect(result.text).toBe('recovered');
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['error', 'success']);
    expect(mock.calls).toHaveLength(2);
  });
});

describe('createMockProvider: delays in fake time', () => {
  it('delays an answer on the registry’s clock', async () => {
    const clock = createFakeClock();
    const { registry } = serve({ clock, answers: [{ text: 'late', delayMs: 5_000 }] });
    let settled = false;
    const call = registry
      .create('mock-small')
      .generate('Hi')
      .finally(() => (settled = true));
    await clock.advance(4_999);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect((await call).text).toBe('late');
  });

  it('runs into the registry’s attempt timeout', async () => {
    const clock = createFakeClock();
    const { registry } = serve({ clock, answers: [{ text: 'too late', delayMs: 60_000 }] });
    const call = rejection(registry.create('mock-small').generate('Hi', { resilience: { attemptTimeoutMs: 1_000, maxAttempts: 1 } }));
    await clock.advance(1_000);
    expect(await call).toMatchObject({ name: 'TimeoutError', phase: 'attempt', timeoutMs: 1_000 });
    expect(clock.pending()).toBe(0);
  });

  it('stops waiting at once when the caller aborts, with the signal’s reason', async () => {
    const clock = createFakeClock();
    const { registry } = serve({ clock, answers: [{ chunks: ['a', 'b'], chunkDelayMs: 10_000 }] });
    const controller = new AbortController();
    const reason = new Error('user left');
    const call = rejection(registry.create('mock-small').generate('Hi', { signal: controller.signal }));
    await clock.advance(1);
    controller.abort(reason);
    expect(await call).toBe(reason);
    expect(clock.pending()).toBe(0);
  });

  it('waits out a rate limit’s Retry-After in fake time', async () => {
    const clock = createFakeClock();
    const { mock, registry } = serve({ clock, answers: [{ fail: { kind: 'rate-limit', retryAfterMs: 2_000 } }, { text: 'after the wait' }] });
    const call = registry.create('mock-small').generate('Hi');
    await clock.advance(1_999);
    expect(mock.calls).toHaveLength(1);
    await clock.advance(1);
    expect((await call).text).toBe('after the wait');
    expect(mock.calls).toHaveLength(2);
  });
});
