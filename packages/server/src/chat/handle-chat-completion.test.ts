import { afterEach, describe, expect, it } from '@jest/globals';
import { ApiCallError, CALL_SETTINGS, RateLimitError } from '@switchboard/core';
import { createMockProvider } from '@switchboard/testing';
import { waitingProvider } from '../__fixtures__/failing-providers.js';
import { sseData, startTestGateway, type TestGateway, json } from '../__fixtures__/start-test-gateway.js';

const hello = [{ role: 'user', content: 'Hello' }];
let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('POST /v1/chat/completions, whole answers', () => {
  it('answers in the OpenAI shape and says which provider answered, in headers and body', async () => {
    const provider = createMockProvider({
      id: 'alpha',
      models: ['echo'],
      defaultAnswer: async function* () {
        yield 'Hi ';
        yield 'there';
        yield { type: 'usage', usage: { promptTokens: 4, completionTokens: 2 } };
      },
    });
    server = await startTestGateway({ providers: [provider] });

    const response = await server.chat({ model: 'echo', messages: hello });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-switchboard-provider')).toBe('alpha');
    expect(response.headers.get('x-switchboard-attempts')).toBe('alpha/echo success');
    const body = await json(response);
    expect(body).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'echo',
      provider: 'alpha',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
    expect(provider.calls[0]?.messages).toEqual(hello);
  });

  it('falls back past a failing provider and lists both attempts', async () => {
    const broken = createMockProvider({
      id: 'broken',
      models: ['echo'],
      defaultAnswer: async function* ({ model }) {
        throw new ApiCallError({ provider: 'broken', model, status: 503, isRetryable: true, message: 'upstream exploded' });
      },
    });
    const backup = createMockProvider({ id: 'backup', models: ['echo'] });
    server = await startTestGateway({ providers: [broken, backup], registry: { resilience: { maxAttemptsPerProvider: 1 } } });

    const response = await server.chat({ model: 'echo', messages: hello });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('backup');
    expect(response.headers.get('x-switchboard-attempts')).toBe('broken/echo error api-call, backup/echo success');
    expect((await json(response)).choices[0].message.content).toBe('Echo: Hello');
  });
});

describe('POST /v1/chat/completions, streaming', () => {
  const twoWords = () =>
    createMockProvider({
      id: 'alpha',
      models: ['echo'],
      defaultAnswer: async function* () {
        yield 'Hi';
        yield ' there';
        yield { type: 'usage', usage: { promptTokens: 4, completionTokens: 2, totalTokens: 6 } };
        yield { type: 'finish', finishReason: 'length' };
      },
    });

  it('sends server-sent events: the role, one chunk per piece of text, the finish reason, then [DONE]', async () => {
    server = await startTestGateway({ providers: [twoWords()] });

    const response = await server.chat({ model: 'echo', messages: hello, stream: true });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-switchboard-provider')).toBe('alpha');
    const text = await response.text();
    // Every event is one `data:` line followed by a blank line.
    expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
    const events = sseData(text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    expect(chunks.map((chunk) => chunk.choices[0].delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hi' }, { content: ' there' }, {}]);
    expect(chunks.map((chunk) => chunk.choices[0].finish_reason)).toEqual([null, null, null, 'length']);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]).toMatchObject({ object: 'chat.completion.chunk', model: 'echo', provider: 'alpha' });
  });

  it('ends with a usage chunk (no choices) when stream_options.include_usage is set', async () => {
    server = await startTestGateway({ providers: [twoWords()] });

    const events = sseData(await (await server.chat({ model: 'echo', messages: hello, stream: true, stream_options: { include_usage: true } })).text());

    expect(events.at(-1)).toBe('[DONE]');
    expect(JSON.parse(events.at(-2)!)).toMatchObject({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } });
  });

  it('answers an error before the first chunk with its HTTP status, not a stream', async () => {
    const limited = createMockProvider({
      id: 'limited',
      models: ['echo'],
      defaultAnswer: async function* ({ model }) {
        throw new RateLimitError({ provider: 'limited', model, status: 429, message: 'slow down', retryAfterMs: 60_000 });
      },
    });
    server = await startTestGateway({ providers: [limited], registry: { resilience: { maxAttemptsPerProvider: 1 } } });

    const response = await server.chat({ model: 'echo', messages: hello, stream: true });

    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('retry-after')).toBe('60');
  });

  it('ends a stream that fails after it started with an error event and no [DONE]', async () => {
    const flaky = createMockProvider({
      id: 'flaky',
      models: ['echo'],
      defaultAnswer: async function* ({ model }) {
        yield 'Half an ';
        throw new ApiCallError({ provider: 'flaky', model, status: 502, isRetryable: true, message: 'connection lost' });
      },
    });
    server = await startTestGateway({ providers: [flaky] });

    const response = await server.chat({ model: 'echo', messages: hello, stream: true });

    expect(response.status).toBe(200);
    const events = sseData(await response.text());
    expect(events).not.toContain('[DONE]');
    expect(JSON.parse(events.at(-2)!).choices[0].delta).toEqual({ content: 'Half an ' });
    expect(JSON.parse(events.at(-1)!)).toEqual({
      error: { message: expect.stringContaining('connection lost'), type: 'api_error', param: null, code: 'stream_interrupted' },
    });
  });
});

describe('sampling fields: the standard call settings', () => {
  const tunable = (id = 'tunable') => createMockProvider({ id, models: ['echo'], callSettings: { echo: CALL_SETTINGS } });

  it('reach the provider as the call settings, whichever of max_tokens and max_completion_tokens the client used', async () => {
    const provider = tunable();
    server = await startTestGateway({ providers: [provider] });

    const first = await server.chat({ model: 'echo', messages: hello, temperature: 0.2, max_tokens: 5, top_p: 0.9, top_k: 40, stop: 'END', seed: 7 });
    const second = await server.chat({ model: 'echo', messages: hello, max_completion_tokens: 9, presence_penalty: 0.5, frequency_penalty: -0.5, top_p: null });

    expect(first.status).toBe(200);
    expect(first.headers.get('x-switchboard-warnings')).toBeNull();
    expect((await json(first)).warnings).toBeUndefined();
    expect(provider.calls[0]?.options.settings).toEqual({ temperature: 0.2, maxOutputTokens: 5, topP: 0.9, topK: 40, stopSequences: ['END'], seed: 7 });
    // `null` means "the default" in OpenAI's API: not passed on.
    expect(second.status).toBe(200);
    expect(provider.calls[1]?.options.settings).toEqual({ maxOutputTokens: 9, presencePenalty: 0.5, frequencyPenalty: -0.5 });
    expect(provider.calls.map((call) => call.options.extra)).toEqual([{}, {}]);
  });

  it('that a provider cannot honour are left out, and the answer says which and for whom: a header and the body', async () => {
    const plain = createMockProvider({ id: 'plain', models: ['echo'] });
    server = await startTestGateway({ providers: [plain] });

    const response = await server.chat({ model: 'echo', messages: hello, temperature: 0.2, seed: 3 });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-warnings')).toBe(
      'unsupported-setting;setting=temperature;provider=plain, unsupported-setting;setting=seed;provider=plain',
    );
    expect((await json(response)).warnings).toEqual([
      {
        code: 'unsupported-setting',
        provider: 'plain',
        setting: 'temperature',
        message: "Provider 'plain' (model 'echo') does not honour the call setting 'temperature'; the request was sent without it.",
      },
      expect.objectContaining({ code: 'unsupported-setting', provider: 'plain', setting: 'seed' }),
    ]);
    expect(plain.calls[0]?.options.settings).toEqual({});
  });

  it('say so in the stream too: a header and the finish chunk', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'plain', models: ['echo'] })] });

    const response = await server.chat({ model: 'echo', messages: hello, stream: true, seed: 7 });

    expect(response.headers.get('x-switchboard-warnings')).toBe('unsupported-setting;setting=seed;provider=plain');
    const events = sseData(await response.text());
    expect(JSON.parse(events.at(-2)!).warnings).toEqual([expect.objectContaining({ code: 'unsupported-setting', setting: 'seed', provider: 'plain' })]);
  });

  it.each<[body: Record<string, unknown>, param: string, message: string]>([
    [{ temperature: 7 }, 'temperature', "Invalid 'temperature': expected a number from 0 to 2, got 7."],
    [{ max_tokens: 0 }, 'max_tokens', "Invalid 'max_tokens': expected a whole number >= 1, got 0."],
    [{ max_completion_tokens: 'many' }, 'max_completion_tokens', 'Invalid \'max_completion_tokens\': expected a whole number >= 1, got "many".'],
    [{ top_p: 2 }, 'top_p', "Invalid 'top_p': expected a number from 0 to 1, got 2."],
    [{ stop: ['END', ''] }, 'stop[1]', 'Invalid \'stop[1]\': expected a non-empty string, got "".'],
    [{ seed: 1.5 }, 'seed', "Invalid 'seed': expected a whole number, got 1.5."],
    [
      { max_tokens: 5, max_completion_tokens: 5 },
      'max_completion_tokens',
      "Invalid 'max_completion_tokens': 'max_tokens' and 'max_completion_tokens' set the same limit; give one of them.",
    ],
  ])('out of range or of the wrong type: %j is a 400 naming the field, before anything is sent', async (fields, param, message) => {
    const provider = tunable();
    server = await startTestGateway({ providers: [provider] });

    const response = await server.chat({ model: 'echo', messages: hello, ...fields });

    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: { message, type: 'invalid_request_error', param, code: 'invalid_value' } });
    expect(provider.calls).toHaveLength(0);
  });

  it('fields the gateway does not map reach no provider, and the answer says so', async () => {
    const provider = tunable();
    server = await startTestGateway({ providers: [provider] });

    const response = await server.chat({ model: 'echo', messages: hello, user: 'u-1', logit_bias: { '50256': -100 }, logprobs: null });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-warnings')).toBe('ignored-parameter;param=user, ignored-parameter;param=logit_bias');
    expect((await json(response)).warnings).toEqual([
      expect.objectContaining({ code: 'ignored-parameter', param: 'user', message: expect.stringContaining("'user' is not passed to providers") }),
      expect.objectContaining({ code: 'ignored-parameter', param: 'logit_bias' }),
    ]);
    expect(provider.calls[0]?.options.extra).toEqual({});
  });
});

describe('a client that leaves', () => {
  it("cancels the upstream call of a stream: the provider's signal is aborted", async () => {
    const { provider, aborted } = waitingProvider('first words');
    server = await startTestGateway({ providers: [provider] });
    const client = new AbortController();

    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'echo', messages: hello, stream: true }),
      signal: client.signal,
    });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('first words');
    client.abort();

    expect(await aborted).toMatchObject({ code: 'client_closed_request' });
  });

  it('cancels the upstream call of a whole answer too', async () => {
    const { provider, aborted } = waitingProvider();
    server = await startTestGateway({ providers: [provider] });
    const client = new AbortController();

    const leaving = fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'echo', messages: hello }),
      signal: client.signal,
    }).catch((error: unknown) => error);
    while (provider.calls.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    client.abort();

    expect(await aborted).toMatchObject({ code: 'client_closed_request' });
    expect(await leaving).toMatchObject({ name: 'AbortError' });
  });
});

describe('time limits', () => {
  it('504 when the provider does not answer in time', async () => {
    const stuck = createMockProvider({
      id: 'stuck',
      models: ['echo'],
      defaultAnswer: async function* ({ options: { signal } }) {
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    server = await startTestGateway({ providers: [stuck], registry: { resilience: { attemptTimeoutMs: 50, maxAttempts: 1 } } });

    const response = await server.chat({ model: 'echo', messages: hello });

    expect(response.status).toBe(504);
    expect((await json(response)).error).toMatchObject({ type: 'timeout_error', code: 'timeout' });
  });
});

describe('tools', () => {
  const weather = {
    type: 'function',
    function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  };
  /** A provider whose model calls `weather` for Paris, streaming the arguments in two pieces. */
  const caller = () =>
    createMockProvider({
      id: 'caller',
      models: ['echo'],
      capabilities: { echo: { tools: true, parallelToolCalls: true, structuredOutput: true } },
      defaultAnswer: async function* ({ messages }) {
        if (messages.at(-1)?.role === 'tool') {
          yield 'It is sunny in Paris.';
          return;
        }
        yield { type: 'tool-call-delta', toolCallId: 'call_1', toolName: 'weather', argumentsDelta: '{"city":' };
        yield { type: 'tool-call-delta', toolCallId: 'call_1', toolName: 'weather', argumentsDelta: '"Paris"}' };
        yield { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', arguments: '{"city":"Paris"}' };
        yield { type: 'finish', finishReason: 'tool-calls' };
      },
    });

  it("go to the registry as tools, and the calls come back in OpenAI's shape", async () => {
    const provider = caller();
    server = await startTestGateway({ providers: [provider] });

    const response = await server.chat({ model: 'echo', messages: hello, tools: [weather], tool_choice: 'required', parallel_tool_calls: false });

    expect(response.status).toBe(200);
    expect((await json(response)).choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });
    expect(provider.calls[0]?.options).toMatchObject({
      tools: [{ name: 'weather', description: 'Weather in a city', parameters: weather.function.parameters }],
      toolChoice: 'required',
    });
  });

  it('stream as tool_calls deltas: id and name first, then the arguments', async () => {
    server = await startTestGateway({ providers: [caller()] });

    const events = sseData(await (await server.chat({ model: 'echo', messages: hello, tools: [weather], stream: true })).text());

    const deltas = events.slice(0, -1).map((event) => JSON.parse(event).choices[0]);
    expect(deltas.map((choice) => choice.delta)).toEqual([
      { role: 'assistant', content: '' },
      { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      {},
    ]);
    expect(deltas.at(-1).finish_reason).toBe('tool_calls');
  });

  it('take the answers back as tool messages', async () => {
    const provider = caller();
    server = await startTestGateway({ providers: [provider] });
    const call = { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } };

    const response = await server.chat({
      model: 'echo',
      tools: [weather],
      messages: [...hello, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: '{"sky":"clear"}' }],
    });

    expect((await json(response)).choices[0].message).toEqual({ role: 'assistant', content: 'It is sunny in Paris.' });
    expect(provider.calls[0]?.messages.slice(1)).toEqual([
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: '{"sky":"clear"}' },
    ]);
  });

  it('are a 400 for a model no provider runs tools with, and for a malformed definition', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'plain', models: ['echo'] })] });

    const unsupported = await server.chat({ model: 'echo', messages: hello, tools: [weather] });
    expect(unsupported.status).toBe(400);
    expect((await json(unsupported)).error.code).toBe('unsupported_capability');

    const malformed = await server.chat({ model: 'echo', messages: hello, tools: [{ type: 'function', function: { description: 'no name' } }] });
    expect((await json(malformed)).error).toMatchObject({ param: 'tools[0].function.name', code: 'invalid_value' });
  });
});
