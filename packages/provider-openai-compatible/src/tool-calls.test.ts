// Tools and structured output end to end: a registry, this provider and the emulator over real
// sockets. What a host sees (tool calls, objects, errors, who answered) and what went on the wire.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  createRegistry,
  ResponseFormatError,
  StreamInterruptedError,
  StructuredOutputError,
  type Registry,
  type StreamPart,
  type ToolDefinition,
} from '@switchboard/core';
import type { Provider } from '@switchboard/core/provider';
import { rejection } from '@switchboard/core/testing';
import { createMockProvider } from '@switchboard/testing';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator, type OpenAICompatibleEmulatorOptions } from '@switchboard/emulators/openai-compatible';
import { callOptions, collect, serve } from './__fixtures__/provider-test-kit.js';
import { createOpenAICompatible } from './create-openai-compatible.js';
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const time: ToolDefinition = { name: 'get_time', parameters: { type: 'object', properties: {} } };
const person = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false };

const emulators: OpenAICompatibleEmulator[] = [];
let registry: Registry | undefined;

afterEach(async () => {
  await registry?.close();
  registry = undefined;
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

async function emulator(options: OpenAICompatibleEmulatorOptions = {}): Promise<OpenAICompatibleEmulator> {
  const started = await startOpenAICompatibleEmulator({ models: ['echo-small'], ...options });
  emulators.push(started);
  return started;
}

/** An endpoint on an emulator, as a host creates one. */
const endpoint = (server: OpenAICompatibleEmulator, settings: OpenAICompatibleSettings = {}) =>
  createOpenAICompatible({ baseUrl: server.url, models: ['echo-small'], ...settings }, { env: {} });

async function registryOf(...providers: Provider[]): Promise<Registry> {
  // One attempt per provider, so a failure falls over at once and is seen once.
  registry = createRegistry({ providers, useRegistered: false, resilience: { baseDelayMs: 0, maxAttemptsPerProvider: 1, maxAttempts: 2 } });
  return registry;
}

const bodyOf = (server: OpenAICompatibleEmulator, index: number) => server.requests[index]?.body as Record<string, unknown>;

async function drain(stream: AsyncIterable<StreamPart>, into: StreamPart[] = []): Promise<StreamPart[]> {
  for await (const part of stream) into.push(part);
  return into;
}

describe('the provider alone', () => {
  const hi = [{ role: 'user' as const, content: 'Paris' }];

  it('yields the calls of a whole answer as tool-call parts, then usage and a tool-calls finish', async () => {
    const provider = await endpoint(await emulator());

    const chunks = await collect(provider.createAsyncGenerator('echo-small', hi, callOptions({ tools: [weather] })));
    await provider.close();

    expect(chunks).toEqual([
      { type: 'response-info', id: 'chatcmpl-emu-1', model: 'echo-small' },
      { type: 'tool-call', toolCallId: 'call_emu_1_1', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'usage', usage: { promptTokens: 1, completionTokens: 4, totalTokens: 5 } },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
  });

  it("reads calls from a server that finishes them with 'stop' as a tool-calls finish, and refuses a call without a name", async () => {
    const answers = [
      {
        index: 0,
        message: { content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_time', arguments: '' } }] },
        finish_reason: 'stop',
      },
      { index: 0, delta: { tool_calls: [{ index: 0, id: 'c', function: { arguments: '{}' } }] }, finish_reason: 'tool_calls' },
    ];
    const server = await serve((request, response) => {
      const streamed = request.headers.accept === 'text/event-stream';
      response.writeHead(200, { 'content-type': streamed ? 'text/event-stream' : 'application/json' });
      response.end(streamed ? `data: ${JSON.stringify({ choices: [answers[1]] })}\n\ndata: [DONE]\n\n` : JSON.stringify({ choices: [answers[0]] }));
    });
    const provider = await createOpenAICompatible({ baseUrl: server.url, models: ['m'] }, { env: {} });

    const whole = await collect(provider.createAsyncGenerator('m', hi, callOptions({ tools: [time] })));
    const error = await rejection(collect(provider.createAsyncGenerator('m', hi, callOptions({ tools: [time], mode: 'stream' }))));
    await provider.close();
    await server.close();

    expect(whole).toEqual([
      { type: 'tool-call', toolCallId: 'c', toolName: 'get_time', arguments: '{}' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
    expect(ResponseFormatError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('sent a tool call without a function name');
  });
});

describe('tool calls through a registry', () => {
  it('generate() returns the calls the model made, asking for one JSON answer with the tools in OpenAI’s words', async () => {
    const server = await emulator();
    const model = (await registryOf(await endpoint(server))).create('echo-small');

    const result = await model.generate('Paris', { tools: [weather], toolChoice: 'required' });

    expect(result).toMatchObject({
      text: '',
      finishReason: 'tool-calls',
      toolCalls: [{ id: 'call_emu_1_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
    expect(bodyOf(server, 0)).toEqual({
      model: 'echo-small',
      messages: [{ role: 'user', content: 'Paris' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: weather.parameters } }],
      tool_choice: 'required',
      stream: false,
    });
  });

  it('runs a two-step agent loop: a tool call, its result sent back, then the final text', async () => {
    const server = await emulator();
    const model = (await registryOf(await endpoint(server))).create('echo-small');

    const first = await model.generate('Paris', { tools: [weather] });
    const [call] = first.toolCalls;
    const final = await model.generate(
      [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', content: first.text, toolCalls: first.toolCalls },
        { role: 'tool', toolCallId: call!.id, content: '18°C and sunny' },
      ],
      { tools: [weather] },
    );

    expect(final).toMatchObject({ text: 'Echo from echo-small: get_weather: 18°C and sunny', finishReason: 'stop', toolCalls: [] });
    expect(bodyOf(server, 1).messages).toEqual([
      { role: 'user', content: 'Paris' },
      { role: 'assistant', content: null, tool_calls: [{ id: call!.id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', content: '18°C and sunny', tool_call_id: call!.id },
    ]);
  });

  it('stream() yields the deltas of parallel calls as they arrive (interleaved, events split mid-line, CRLF), then each whole call', async () => {
    const server = await emulator({ splitEvents: true, lineEnding: '\r\n' });
    const model = (await registryOf(await endpoint(server))).create('echo-small');

    const parts = await drain(model.stream('Paris #tools:2', { tools: [weather, time], parallelToolCalls: true }));

    const deltas = parts.filter((part) => part.type === 'tool-call-delta');
    expect(deltas.map((part) => part.toolCallId)).toEqual([
      'call_emu_1_1',
      'call_emu_1_2',
      'call_emu_1_1',
      'call_emu_1_2',
      'call_emu_1_1',
      'call_emu_1_2',
      'call_emu_1_1',
    ]);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_emu_1_1', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'call_emu_1_2', toolName: 'get_time', arguments: '{}' },
    ]);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'tool-calls' });
    expect(bodyOf(server, 0)).toMatchObject({ parallel_tool_calls: true, stream: true });
  });

  it('a stream that breaks mid tool call is a StreamInterruptedError: committed at the first delta, no fallback', async () => {
    const breaking = await emulator({ faults: [{ fault: 'mid-tool-call-error' }] });
    const backup = await emulator();
    const model = (await registryOf(await endpoint(breaking, { id: 'breaking' }), await endpoint(backup, { id: 'backup' }))).create('echo-small');
    const received: StreamPart[] = [];

    const error = await rejection(drain(model.stream('Paris', { tools: [weather] }), received));

    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'breaking', deliveredParts: 1 });
    expect(received.filter((part) => part.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', toolCallId: 'call_emu_1_1', toolName: 'get_weather', argumentsDelta: '' },
    ]);
    expect(backup.requests).toHaveLength(0);
  });
});

describe('structured output through a registry', () => {
  const asked = { responseFormat: { type: 'json_schema' as const, schema: person, name: 'person' } };

  it('returns the object, parsed and validated, from an answer the server shaped by json_schema', async () => {
    const server = await emulator();
    const model = (await registryOf(await endpoint(server))).create('echo-small');

    const result = await model.generate('Ada', asked);

    expect(result.object).toEqual({ name: 'Ada', age: 1 });
    expect(bodyOf(server, 0).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'person', schema: person, strict: true } });
  });

  it('refuses an answer that breaks the schema with a StructuredOutputError naming the violation', async () => {
    const server = await emulator();
    const model = (await registryOf(await endpoint(server))).create('echo-small');

    const error = await rejection(model.generate('Ada #invalid-object', { ...asked, resilience: { maxAttempts: 1 } }));

    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      provider: 'openai-compatible',
      text: '{"age":1}',
      violations: [{ path: '', message: "must have required property 'name'" }],
    });
  });
});

describe('routing by capability', () => {
  it('passes over providers without tools (a Dynaspark-like one, a model whose tools are turned off) and falls over only to tool-capable ones', async () => {
    const dynasparkLike = createMockProvider({ id: 'dynaspark-like', models: ['echo-small'] });
    const [noTools, broken, local] = [await emulator(), await emulator({ faults: [{ fault: 'status-503' }] }), await emulator()];
    const model = (
      await registryOf(
        dynasparkLike,
        await endpoint(noTools, { id: 'no-tools', capabilities: { 'echo-small': { tools: false } } }),
        await endpoint(broken, { id: 'broken' }),
        await endpoint(local, { id: 'local' }),
      )
    ).create('echo-small');

    const result = await model.generate('Paris', { tools: [weather] });

    expect(result.provider).toBe('local');
    expect(result.attempts.map(({ provider, outcome, errorKind }) => `${provider} ${outcome}${errorKind ? ` ${errorKind}` : ''}`)).toEqual([
      'dynaspark-like skipped capability',
      'no-tools skipped capability',
      'broken error api-call',
      'local success',
    ]);
    expect(dynasparkLike.calls).toEqual([]);
    expect(noTools.requests).toHaveLength(0);
  });

  it('sends a call without tools anywhere, the providers without tools included', async () => {
    const dynasparkLike = createMockProvider({ id: 'dynaspark-like', models: ['echo-small'] });
    const model = (await registryOf(dynasparkLike, await endpoint(await emulator()))).create('echo-small');

    expect((await model.generate('Hi')).provider).toBe('dynaspark-like');
  });
});

describe('a server that cannot stream (the Portkey gateway on Node 20)', () => {
  it('still answers generate(), which asks for JSON; stream() gets its 500', async () => {
    const server = await emulator({ faults: [{ fault: 'stream-unsupported' }] });
    const model = (await registryOf(await endpoint(server))).create('echo-small');

    const generated = await model.generate('Paris', { tools: [weather] });
    const error = await rejection(drain(model.stream('hi', { resilience: { maxAttempts: 1 } })));

    expect(generated.toolCalls).toHaveLength(1);
    expect(error).toMatchObject({ name: 'ApiCallError', status: 500, isRetryable: true, message: expect.stringContaining('Streaming is not supported') });
    expect(server.requests.map((request) => [(request.body as { stream: boolean }).stream, request.fault])).toEqual([
      [false, undefined],
      [true, 'stream-unsupported'],
    ]);
  });
});
