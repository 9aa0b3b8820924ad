import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ApiCallError,
  HtmlResponseError,
  InvalidArgumentError,
  ModelNotFoundError,
  NetworkError,
  CALL_SETTINGS,
  PROVIDER_SPECIFICATION_VERSION,
  RateLimitError,
  ResponseFormatError,
  ResponseTooLargeError,
  type Cancellation,
  type LoadedMedia,
  type ProviderChunk,
  type TextPartsMode,
} from '@switchboard/core/provider';
import { startConnectProxy, thrown, TINY_PNG } from '@switchboard/core/testing';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator, type OpenAICompatibleEmulatorOptions } from '@switchboard/emulators/openai-compatible';
import { callOptions, collect, registeredWith, createRecordingLogger, eventually, serve, textOf } from './__fixtures__/provider-test-kit.js';
import type { OpenAICompatibleProvider } from './openai-compatible-provider.js';

let emulator: OpenAICompatibleEmulator | undefined;
let provider: OpenAICompatibleProvider | undefined;

async function setup(
  emulatorOptions: OpenAICompatibleEmulatorOptions = {},
  settings: Record<string, unknown> = {},
): Promise<{ emulator: OpenAICompatibleEmulator; provider: OpenAICompatibleProvider }> {
  emulator = await startOpenAICompatibleEmulator(emulatorOptions);
  provider = registeredWith({ baseUrl: emulator.url, models: ['echo-small', 'echo-large'], ...settings });
  return { emulator, provider };
}

/** A cancellation as the registry hands one to a provider, with its AbortSignal unavailable. */
function registryCancellation(): { cancellation: Cancellation; cancel: (reason: unknown) => void } {
  const listeners = new Set<(reason: unknown) => void>();
  let reason: unknown;
  let aborted = false;
  const cancellation: Cancellation = {
    get aborted() {
      return aborted;
    },
    get reason() {
      return reason;
    },
    get signal(): AbortSignal {
      throw new Error('the cancellation was asked for an AbortSignal');
    },
    addListener: (listener) => void listeners.add(listener),
    removeListener: (listener) => void listeners.delete(listener),
  };
  const cancel = (why: unknown) => {
    aborted = true;
    reason = why;
    for (const listener of [...listeners]) listener(why);
    listeners.clear();
  };
  return { cancellation, cancel };
}

async function failureOf(iterable: AsyncIterable<ProviderChunk>): Promise<unknown> {
  try {
    await collect(iterable);
  } catch (error) {
    return error;
  }
  throw new Error('expected the generator to fail');
}

const hi = [{ role: 'user' as const, content: 'hello there' }];

afterEach(async () => {
  await provider?.close();
  await emulator?.close();
  provider = emulator = undefined;
});

describe('OpenAICompatibleProvider', () => {
  it('declares its attributes from the settings', () => {
    const plain = registeredWith({ models: ['a', 'v'], visionModels: ['v'], modelAliases: { fast: 'a' } });
    expect(plain).toMatchObject({
      id: 'openai-compatible',
      specificationVersion: PROVIDER_SPECIFICATION_VERSION,
      apiEndpoint: 'http://127.0.0.1:8080/v1/chat/completions',
      supportsStream: true,
      supportsSystemMessage: true,
      supportsMessageHistory: true,
      needsAuth: false,
      working: true,
      defaultModel: 'a',
      defaultVisionModel: 'v',
      visionModels: ['v'],
      maxMediaItems: Infinity,
      modelAliases: { fast: 'a' },
      capabilities: {
        a: { tools: true, parallelToolCalls: true, structuredOutput: true },
        v: { tools: true, parallelToolCalls: true, structuredOutput: true },
      },
      // Every standard call setting, unless the settings say a model does not take one.
      callSettings: { a: CALL_SETTINGS, v: CALL_SETTINGS },
    });
    // Optional metadata it has no value for is left out.
    expect(plain).not.toHaveProperty('useNodriver');
    expect(plain).not.toHaveProperty('loginUrl');
    expect(registeredWith({ models: ['a'] }, { env: { OPENAI_COMPATIBLE_API_KEY: 'sk' } })).toMatchObject({
      needsAuth: true,
      maxMediaItems: 0,
    });
  });

  it('is installed but not configured without models: it says why and how to fix it, and serves nothing', async () => {
    const idle = registeredWith({});
    expect(idle).toMatchObject({ models: [], defaultModel: '', working: true });
    expect(idle.unconfigured).toEqual({
      reason: 'no models configured',
      fix: "list the models the server at http://127.0.0.1:8080/v1 serves in providerOptions['openai-compatible'].models (e.g. ['llama-3.1-8b']), or read them first: models: await discoverModels({ baseUrl: 'http://127.0.0.1:8080/v1' })",
    });
    expect(registeredWith({ models: ['a'] }).unconfigured).toBeUndefined();
    const error = await failureOf(idle.createAsyncGenerator('a', hi, callOptions()));
    expect(error).toMatchObject({ name: 'InvalidArgumentError', argument: 'providerOptions.openai-compatible.models' });
  });

  it('refuses an id it cannot be registered under', () => {
    expect(thrown(() => registeredWith({ id: 'local', models: ['a'] }))).toMatchObject({
      argument: 'providerOptions.openai-compatible.id',
      message: expect.stringContaining('createOpenAICompatible'),
    });
  });

  it.each(['\n', '\r\n'] as const)(
    'streams the answer from events split mid-line over a real socket (line ending %j), then usage and finish',
    async (lineEnding) => {
      const { emulator, provider } = await setup({ splitEvents: true, chunkDelayMs: 2, lineEnding });
      const chunks = await collect(provider.createAsyncGenerator('echo-small', [{ role: 'user', content: 'héllo 🌍 wörld' }], callOptions({ mode: 'stream' })));
      expect(textOf(chunks)).toBe('Echo from echo-small: héllo 🌍 wörld');
      expect(chunks.filter((chunk) => typeof chunk !== 'string' && chunk.type === 'text').length).toBeGreaterThan(3);
      expect(chunks.every((chunk) => typeof chunk === 'string' || chunk.type !== 'text' || chunk.text !== '')).toBe(true);
      expect(chunks.slice(-2)).toEqual([
        { type: 'usage', usage: { promptTokens: 3, completionTokens: 6, totalTokens: 9 } },
        { type: 'finish', finishReason: 'stop' },
      ]);
      const [request] = emulator.requests;
      expect(request?.body).toEqual({
        model: 'echo-small',
        messages: [{ role: 'user', content: 'héllo 🌍 wörld' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.headers.accept).toBe('text/event-stream');
    },
  );

  it('sends extra options and maps a length finish', async () => {
    const { emulator, provider } = await setup();
    const chunks = await collect(provider.createAsyncGenerator('echo-large', hi, callOptions({ extra: { max_tokens: 2, temperature: 0 } })));
    expect(textOf(chunks)).toBe('Echo from ');
    expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
    expect(emulator.requests[0]?.body).toMatchObject({ max_tokens: 2, temperature: 0 });
  });

  it('asks for what the caller wants: one JSON answer for generate(), events for stream(); never events with stream: false', async () => {
    const { emulator, provider } = await setup();
    const never = registeredWith({ baseUrl: emulator.url, models: ['echo-small'], stream: false });
    for (const [target, mode] of [
      [provider, 'generate'],
      [provider, 'stream'],
      [never, 'stream'],
    ] as const) {
      expect(textOf(await collect(target.createAsyncGenerator('echo-small', hi, callOptions({ mode }))))).toBe('Echo from echo-small: hello there');
    }
    await never.close();
    expect(emulator.requests.map((request) => `${(request.body as { stream: boolean }).stream} ${request.headers.accept}`)).toEqual([
      'false application/json',
      'true text/event-stream',
      'false application/json',
    ]);
  });

  it('reads a whole JSON answer when streaming is off', async () => {
    const { emulator, provider } = await setup({}, { stream: false });
    expect(provider.supportsStream).toBe(false);
    const chunks = await collect(provider.createAsyncGenerator('echo-small', hi, callOptions({ mode: 'stream' })));
    expect(chunks).toEqual([
      { type: 'response-info', id: 'chatcmpl-emu-1', model: 'echo-small' },
      { type: 'text', text: 'Echo from echo-small: hello there' },
      { type: 'usage', usage: { promptTokens: 2, completionTokens: 5, totalTokens: 7 } },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(emulator.requests[0]?.body).toMatchObject({ stream: false });
  });

  it('sends the API key as a bearer token, and maps a 401', async () => {
    const { emulator, provider } = await setup({ apiKey: 'sk-right' }, { apiKey: 'sk-right' });
    expect(textOf(await collect(provider.createAsyncGenerator('echo-small', hi, callOptions())))).toContain('hello there');
    expect(emulator.requests[0]?.headers.authorization).toBe('Bearer sk-right');

    const wrong = registeredWith({ baseUrl: emulator.url, models: ['echo-small'], apiKey: 'sk-wrong' });
    const error = await failureOf(wrong.createAsyncGenerator('echo-small', hi, callOptions()));
    await wrong.close();
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, isRetryable: false, provider: 'openai-compatible', model: 'echo-small' });
    expect((error as Error).message).toContain('Incorrect API key');
    expect((error as Error).message).not.toContain('sk-wrong');
  });

  it('never logs the API key', async () => {
    const logger = createRecordingLogger();
    emulator = await startOpenAICompatibleEmulator({ apiKey: 'sk-very-secret' });
    provider = registeredWith({ baseUrl: emulator.url, models: ['echo-small'], apiKey: 'sk-very-secret' }, { logger });
    await collect(provider.createAsyncGenerator('echo-small', hi, callOptions({ logger })));
    expect(logger.entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(logger.entries)).not.toContain('sk-very-secret');
  });

  it('turns a 429 into a RateLimitError with the wait the server asked for', async () => {
    const { provider } = await setup({ faults: [{ fault: 'rate-limit', times: 1, retryAfterSeconds: 3 }] });
    const error = await failureOf(provider.createAsyncGenerator('echo-small', hi, callOptions()));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3000, isRetryable: true });
    expect(textOf(await collect(provider.createAsyncGenerator('echo-small', hi, callOptions())))).toContain('hello there');
  });

  it('turns 5xx, resets and malformed events into retryable typed errors', async () => {
    const { emulator, provider } = await setup({ faults: [{ fault: 'status-503', times: 1 }] });
    expect(await failureOf(provider.createAsyncGenerator('echo-small', hi, callOptions()))).toMatchObject({ status: 503, isRetryable: true });

    emulator.setFaults([{ fault: 'reset', times: 1 }]);
    const reset = await failureOf(provider.createAsyncGenerator('echo-small', hi, callOptions()));
    expect(NetworkError.isInstance(reset)).toBe(true);

    emulator.setFaults([{ fault: 'malformed-json', times: 1 }]);
    const malformed = await failureOf(provider.createAsyncGenerator('echo-small', hi, callOptions()));
    expect(ResponseFormatError.isInstance(malformed)).toBe(true);
    expect((malformed as Error).message).toContain('not JSON');
  });

  it('turns an error event in the middle of the stream into an ApiCallError, after the text before it', async () => {
    const { provider } = await setup({ faults: [{ fault: 'mid-stream-error' }] });
    const seen: ProviderChunk[] = [];
    let failure: unknown;
    try {
      for await (const chunk of provider.createAsyncGenerator('echo-small', hi, callOptions({ mode: 'stream' }))) seen.push(chunk);
    } catch (error) {
      failure = error;
    }
    expect(textOf(seen)).toBe('Echo from ');
    expect(ApiCallError.isInstance(failure)).toBe(true);
    expect(ResponseFormatError.isInstance(failure)).toBe(false);
    expect(failure).toMatchObject({ isRetryable: true, message: expect.stringContaining('emulated failure') });
  });

  describe("events that arrive together (the caller's textParts)", () => {
    const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'llama' };
    const data = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const call = (index: number, id: string | undefined, name: string | undefined, args: string) => ({
      tool_calls: [{ index, ...(id ? { id, type: 'function' } : {}), function: { ...(name ? { name } : {}), arguments: args } }],
    });
    let server: Awaited<ReturnType<typeof serve>> | undefined;
    afterEach(async () => {
      // The provider's pool first: the server waits for its kept-alive connections to close.
      await provider?.close();
      provider = undefined;
      await server?.close();
      server = undefined;
    });

    /** A server that sends each string of `reads` in one write, waiting for the reader between them. */
    async function streamFrom(
      reads: readonly string[],
      textParts: TextPartsMode = 'per-read',
    ): Promise<ProviderChunk[] | { seen: ProviderChunk[]; failure: unknown }> {
      await provider?.close();
      await server?.close();
      server = await serve(async (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.socket?.setNoDelay(true);
        for (const [index, read] of reads.entries()) {
          if (index > 0) await new Promise((resolve) => setTimeout(resolve, 30));
          response.write(read);
        }
        response.end();
      });
      provider = registeredWith({ baseUrl: server.url, models: ['llama'] });
      const seen: ProviderChunk[] = [];
      try {
        for await (const chunk of provider.createAsyncGenerator('llama', hi, callOptions({ mode: 'stream', textParts }))) seen.push(chunk);
      } catch (failure) {
        return { seen, failure };
      }
      return seen;
    }

    const twoReads = [
      data({ role: 'assistant', content: '' }) + data({ content: 'Hel' }) + data({ content: 'lo' }),
      data({ content: ' there' }) + data({}, 'stop') + 'data: [DONE]\n\n',
    ];

    it("by default (and with 'per-piece'), hands over one text part per event, however the events arrived", async () => {
      const onePerPiece = [
        { type: 'response-info', id: 'chatcmpl-1', model: 'llama' },
        { type: 'text', text: 'Hel' },
        { type: 'text', text: 'lo' },
        { type: 'text', text: ' there' },
        { type: 'finish', finishReason: 'stop' },
      ];
      // No textParts at all, as options built by hand (or by an older registry) come.
      await provider?.close();
      await server?.close();
      server = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' }).end(twoReads.join(''));
      });
      provider = registeredWith({ baseUrl: server.url, models: ['llama'] });
      expect(await collect(provider.createAsyncGenerator('llama', hi, callOptions({ mode: 'stream' })))).toEqual(onePerPiece);
      expect(await streamFrom(twoReads, 'per-piece')).toEqual(onePerPiece);
      expect(
        await streamFrom([data({ content: 'Half ' }) + data({ content: 'an answer' }) + 'data: {"choices":[{"delta":{"content":\n\n'], 'per-piece'),
      ).toMatchObject({
        seen: [{ type: 'response-info' }, { type: 'text', text: 'Half ' }, { type: 'text', text: 'an answer' }],
      });
    });

    it("with 'per-read', hands over the text of events from one read as one part that keeps their pieces, and of later reads as parts of their own", async () => {
      const chunks = await streamFrom(twoReads);
      expect(chunks).toEqual([
        { type: 'response-info', id: 'chatcmpl-1', model: 'llama' },
        { type: 'text', text: 'Hello', pieces: ['Hel', 'lo'] },
        { type: 'text', text: ' there' },
        { type: 'finish', finishReason: 'stop' },
      ]);
    });

    it("with 'per-read', keeps everything else in its place among the text: tool calls, and the text before an error or a malformed event", async () => {
      const calls = await streamFrom([
        data({ content: 'Let me ' }) +
          data({ content: 'look.' }) +
          data(call(0, 'call_1', 'find', '{"q":')) +
          data(call(0, undefined, undefined, '1}')) +
          data({ content: 'Done' }),
        data({}, 'tool_calls'),
      ]);
      expect(calls).toEqual([
        { type: 'response-info', id: 'chatcmpl-1', model: 'llama' },
        { type: 'text', text: 'Let me look.', pieces: ['Let me ', 'look.'] },
        { type: 'tool-call-delta', toolCallId: 'call_1', toolName: 'find', argumentsDelta: '{"q":' },
        { type: 'tool-call-delta', toolCallId: 'call_1', toolName: 'find', argumentsDelta: '1}' },
        { type: 'text', text: 'Done' },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'find', arguments: '{"q":1}' },
        { type: 'finish', finishReason: 'tool-calls' },
      ]);

      const failed = (await streamFrom([
        data({ content: 'Half ' }) + data({ content: 'an answer' }) + 'event: error\ndata: {"error":{"message":"overloaded","type":"server_error"}}\n\n',
      ])) as {
        seen: ProviderChunk[];
        failure: unknown;
      };
      expect(failed.seen.slice(1)).toEqual([{ type: 'text', text: 'Half an answer', pieces: ['Half ', 'an answer'] }]);
      expect(ApiCallError.isInstance(failed.failure)).toBe(true);

      const malformed = (await streamFrom([data({ content: 'Half ' }) + data({ content: 'an answer' }) + 'data: {"choices":[{"delta":{"content":\n\n'])) as {
        seen: ProviderChunk[];
        failure: unknown;
      };
      expect(malformed.seen.slice(1)).toEqual([{ type: 'text', text: 'Half an answer', pieces: ['Half ', 'an answer'] }]);
      expect(ResponseFormatError.isInstance(malformed.failure)).toBe(true);
    });
  });

  it('yields no text for an empty answer (the registry decides what empty means)', async () => {
    const { provider } = await setup({ faults: [{ fault: 'empty' }] });
    const chunks = await collect(provider.createAsyncGenerator('echo-small', hi, callOptions()));
    expect(chunks).toEqual([
      { type: 'response-info', id: 'chatcmpl-emu-1', model: 'echo-small' },
      { type: 'usage', usage: { promptTokens: 2, completionTokens: 0, totalTokens: 2 } },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('turns "no such model" into ModelNotFoundError, so the registry can fall back', async () => {
    const { provider } = await setup({ models: ['echo-small'] }, { models: ['echo-small', 'echo-smal'] });
    const error = await failureOf(provider.createAsyncGenerator('echo-smal', hi, callOptions()));
    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ modelId: 'echo-smal', provider: 'openai-compatible', closestModels: ['echo-smal', 'echo-small'] });
    expect(ApiCallError.isInstance((error as Error).cause)).toBe(true);
  });

  it('checks per-call options for the registry, which refuses them before sending anything', () => {
    const plain = registeredWith({ models: ['a'] });
    const error = thrown(() => plain.checkCallOptions({ top_p: 'high' }, 'options.providerOptions.openai-compatible')) as InvalidArgumentError;
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe('options.providerOptions.openai-compatible.top_p');
  });

  it('says a 2xx HTML page is an HTML page (a proxy or a login wall), not a malformed answer', async () => {
    const page = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>';
    for (const contentType of ['text/html; charset=utf-8', 'application/json']) {
      const server = await serve((_request, response) => response.writeHead(200, { 'content-type': contentType }).end(page));
      for (const stream of [true, false]) {
        const html = registeredWith({ baseUrl: server.url, models: ['a'], stream });
        const error = (await failureOf(html.createAsyncGenerator('a', hi, callOptions()))) as HtmlResponseError;
        await html.close();
        expect(HtmlResponseError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ status: 200, isChallenge: false, isRetryable: true, message: expect.stringContaining("('Sign in')") });
      }
      await server.close();
    }
  });

  it('caps what it reads: a JSON answer past maxResponseBytes, a stream event past maxEventBytes', async () => {
    const big = 'x'.repeat(64 * 1024);
    const server = await serve((request, response) => {
      if (request.headers.accept === 'text/event-stream') {
        response.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: {"choices":[{"index":0,"delta":{"content":"${big}"}}]}\n\n`);
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ index: 0, message: { content: big } }] }));
      }
    });
    const capped = registeredWith({ baseUrl: server.url, models: ['a'], maxResponseBytes: 32 * 1024, maxEventBytes: 16 * 1024 });

    const answer = await failureOf(capped.createAsyncGenerator('a', hi, callOptions({ mode: 'generate' })));
    const event = await failureOf(capped.createAsyncGenerator('a', hi, callOptions({ mode: 'stream' })));
    await capped.close();
    await server.close();

    expect(ResponseTooLargeError.isInstance(answer)).toBe(true);
    expect(answer).toMatchObject({
      provider: 'openai-compatible',
      maxBytes: 32 * 1024,
      message: expect.stringContaining('providerOptions.openai-compatible.maxResponseBytes'),
    });
    expect(ResponseFormatError.isInstance(event)).toBe(true);
    expect((event as Error).message).toContain('sent a stream event longer than 16384 characters (maxEventBytes)');
  });

  it('reads compressed answers: a gzip stream of events, a brotli JSON body', async () => {
    const events = [
      '{"choices":[{"index":0,"delta":{"content":"Hello, "}}]}',
      '{"choices":[{"index":0,"delta":{"content":"gzip"},"finish_reason":"stop"}]}',
      '[DONE]',
    ];
    const server = await serve((request, response) => {
      if (request.headers.accept === 'text/event-stream') {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
        const gzip = createGzip();
        gzip.pipe(response);
        for (const data of events) gzip.write(`data: ${data}\n\n`, () => gzip.flush(constants.Z_SYNC_FLUSH));
        gzip.end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
        createBrotliCompress()
          .end(JSON.stringify({ choices: [{ index: 0, message: { content: 'Hello, br' }, finish_reason: 'stop' }] }))
          .pipe(response);
      }
    });
    for (const [stream, text] of [
      [true, 'Hello, gzip'],
      [false, 'Hello, br'],
    ] as const) {
      const compressed = registeredWith({ baseUrl: server.url, models: ['a'], stream });
      expect(textOf(await collect(compressed.createAsyncGenerator('a', hi, callOptions({ mode: 'stream' }))))).toBe(text);
      await compressed.close();
    }
    await server.close();
  });

  it('cancels the request when the signal aborts mid-stream: the server sees the connection close', async () => {
    const { emulator, provider } = await setup({ chunkDelayMs: 100 });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const seen: ProviderChunk[] = [];
    let failure: unknown;
    try {
      for await (const chunk of provider.createAsyncGenerator('echo-small', hi, callOptions({ signal: controller.signal, mode: 'stream' }))) {
        seen.push(chunk);
        controller.abort(reason);
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBe(reason);
    expect(seen).toHaveLength(1);
    await expect(emulator.requests[0]!.outcome).resolves.toBe('closed-early');
  });

  it("passes the registry's cancellation to the HTTP client, never building the AbortSignal, and a cancel closes the request", async () => {
    const { emulator, provider } = await setup({ chunkDelayMs: 100 });
    const { cancellation, cancel } = registryCancellation();
    const options = callOptions({ cancellation, mode: 'stream' });
    // The registry builds the signal only when a provider reads it: this one must not.
    Object.defineProperty(options, 'signal', {
      get: () => {
        throw new Error('the provider read options.signal');
      },
    });
    const reason = new Error('caller gave up');
    const seen: ProviderChunk[] = [];
    let failure: unknown;
    try {
      for await (const chunk of provider.createAsyncGenerator('echo-small', hi, options)) {
        seen.push(chunk);
        cancel(reason);
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBe(reason);
    expect(seen).toHaveLength(1);
    await expect(emulator.requests[0]!.outcome).resolves.toBe('closed-early');
  });

  it('cancels a request that has no answer yet', async () => {
    const { emulator, provider } = await setup({ faults: [{ fault: 'hang' }] });
    const controller = new AbortController();
    const pending = failureOf(provider.createAsyncGenerator('echo-small', hi, callOptions({ signal: controller.signal })));
    await eventually(() => emulator.requests.length === 1);
    controller.abort(new Error('timeout'));
    expect(await pending).toEqual(new Error('timeout'));
    await expect(emulator.requests[0]!.outcome).resolves.toBe('closed-early');
  });

  it('closes the connection when the consumer stops reading', async () => {
    const { emulator, provider } = await setup({ chunkDelayMs: 100 });
    for await (const chunk of provider.createAsyncGenerator('echo-small', hi, callOptions({ mode: 'stream' }))) {
      // What the server said of its completion comes with its first event, before the text.
      if (typeof chunk !== 'string' && chunk.type === 'response-info') continue;
      expect(chunk).toEqual({ type: 'text', text: 'Echo ' });
      break;
    }
    await expect(emulator.requests[0]!.outcome).resolves.toBe('closed-early');
  });

  it('sends the request through the call’s proxy', async () => {
    const proxy = await startConnectProxy();
    try {
      const { emulator, provider } = await setup();
      const chunks = await collect(provider.createAsyncGenerator('echo-small', hi, callOptions({ proxy: proxy.url })));
      expect(textOf(chunks)).toContain('hello there');
      expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual([`127.0.0.1:${emulator.port}`]);
      await provider.close();
    } finally {
      await proxy.close();
    }
  });

  it('sends media as image_url parts with data: URIs on the last user message', async () => {
    const { emulator, provider } = await setup({}, { visionModels: ['echo-large'] });
    const png = TINY_PNG;
    const media: LoadedMedia[] = [
      { data: png, mediaType: 'image/png', fileName: 'a.png', origin: 'media[0]' },
      { data: png, mediaType: 'image/png', fileName: 'b.png', origin: 'media[1]' },
    ];
    const messages = [
      { role: 'system' as const, content: 'describe images' },
      { role: 'user' as const, content: 'what is this?' },
    ];
    const chunks = await collect(provider.createAsyncGenerator('echo-large', messages, callOptions({ media })));
    expect(textOf(chunks)).toBe('Echo from echo-large: what is this? [2 images]');
    const dataUri = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    expect((emulator.requests[0]!.body as { messages: unknown }).messages).toEqual([
      { role: 'system', content: 'describe images' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image_url', image_url: { url: dataUri } },
          { type: 'image_url', image_url: { url: dataUri } },
        ],
      },
    ]);
  });

  describe('healthCheck', () => {
    beforeEach(async () => {
      await setup();
    });

    it('lists models cheaply, and fails for a model the server does not list', async () => {
      const signal = new AbortController().signal;
      await expect(provider!.healthCheck({ signal, deep: false })).resolves.toEqual({ ok: true, detail: 'lists 2 models' });
      await expect(provider!.healthCheck({ signal, deep: false, model: 'gone' })).resolves.toMatchObject({ ok: false });
      expect(emulator!.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models', 'GET /v1/models']);
    });

    it('sends a one-token request when deep', async () => {
      await expect(provider!.healthCheck({ signal: new AbortController().signal, deep: true, model: 'echo-large' })).resolves.toMatchObject({ ok: true });
      expect(emulator!.requests[0]?.body).toMatchObject({ model: 'echo-large', max_tokens: 1, stream: false });
    });

    it('throws the typed error of a failing server', async () => {
      emulator!.setFaults([{ fault: 'status-500', endpoint: 'models' }]);
      await expect(provider!.healthCheck({ signal: new AbortController().signal, deep: false })).rejects.toMatchObject({ status: 500 });
    });
  });

  it('can be used again after close()', async () => {
    const { provider } = await setup();
    await collect(provider.createAsyncGenerator('echo-small', hi, callOptions()));
    await provider.close();
    expect(textOf(await collect(provider.createAsyncGenerator('echo-small', hi, callOptions())))).toContain('hello there');
  });
});
