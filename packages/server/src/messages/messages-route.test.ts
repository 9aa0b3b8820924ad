import { afterEach, describe, expect, it } from '@jest/globals';
import { CALL_SETTINGS } from '@switchboard/core';
import { createMockProvider } from '@switchboard/testing';
import { cutOffProvider, rateLimitedProvider, waitingProvider } from '../__fixtures__/failing-providers.js';
import { json, sseEvents, startTestGateway, type TestGateway } from '../__fixtures__/start-test-gateway.js';

let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${server!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

const hello = [{ role: 'user', content: 'Hello' }];

describe('POST /v1/messages', () => {
  it('reads system, tool_use and tool_result blocks into the registry’s messages', async () => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], capabilities: { echo: { tools: true } } });
    server = await startTestGateway({ providers: [provider] });

    const response = await post('/v1/messages', {
      model: 'echo',
      max_tokens: 64,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Be kind.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 't1', name: 'weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'sunny' }] },
            { type: 'text', text: 'And?' },
          ],
        },
      ],
    });

    expect(await json(response)).toMatchObject({ type: 'message', stop_reason: 'end_turn' });
    // A mock provider honours no call setting unless it says so: max_tokens is left out, and the answer says so.
    expect(response.headers.get('x-switchboard-warnings')).toBe(
      'unsupported-setting;setting=maxOutputTokens;provider=alpha, ignored-parameter;param=cache_control',
    );
    expect(provider.calls[0]?.messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nBe kind.' },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 't1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
      { role: 'tool', toolCallId: 't1', content: 'sunny' },
      { role: 'user', content: [{ type: 'text', text: 'And?' }] },
    ]);
  });

  it.each<[body: Record<string, unknown>, param: string]>([
    [{ max_tokens: 8, messages: hello }, 'model'],
    [{ model: 'echo', messages: hello }, 'max_tokens'],
    [{ model: 'echo', max_tokens: 8 }, 'messages'],
    [{ model: 'echo', max_tokens: 8, messages: [{ role: 'system', content: 'Hi' }] }, 'messages[0].role'],
    [{ model: 'echo', max_tokens: 8, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }, 'messages[0].content[0].type'],
    [{ model: 'echo', max_tokens: 8, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: '…' }] }] }, 'messages[0].content[0].type'],
    [
      { model: 'echo', max_tokens: 8, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] },
      'messages[0].content[0].source.type',
    ],
    [{ model: 'echo', max_tokens: 8, messages: hello, tools: [{ type: 'bash_20250124', name: 'bash' }] }, 'tools[0].type'],
    [{ model: 'echo', max_tokens: 8, messages: hello, tools: [{ name: 'x' }] }, 'tools[0].input_schema'],
    [{ model: 'echo', max_tokens: 8, messages: hello, tool_choice: { type: 'maybe' } }, 'tool_choice.type'],
    [{ model: 'echo', max_tokens: 8, messages: hello, mcp_servers: [{ url: 'x' }] }, 'mcp_servers'],
  ])('refuses %j in Anthropic’s error shape, naming %s, before anything is sent', async (body, param) => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'] });
    server = await startTestGateway({ providers: [provider] });

    const response = await post('/v1/messages', body);

    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', param } });
    expect(provider.calls).toHaveLength(0);
  });

  it('passes max_tokens, temperature, top_p, top_k and stop_sequences as the standard call settings', async () => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], callSettings: { echo: CALL_SETTINGS } });
    server = await startTestGateway({ providers: [provider] });

    const response = await post('/v1/messages', {
      model: 'echo',
      max_tokens: 64,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      messages: hello,
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-warnings')).toBeNull();
    expect(provider.calls[0]?.options.settings).toEqual({ maxOutputTokens: 64, temperature: 0.2, topP: 0.9, topK: 40, stopSequences: ['END'] });
  });

  it.each<[body: Record<string, unknown>, param: string]>([
    [{ max_tokens: 0 }, 'max_tokens'],
    [{ max_tokens: 8, temperature: 7 }, 'temperature'],
    [{ max_tokens: 8, top_k: 0.5 }, 'top_k'],
    [{ max_tokens: 8, stop_sequences: ['END', ''] }, 'stop_sequences[1]'],
  ])('refuses a setting out of range, %j, in Anthropic’s shape naming the field', async (fields, param) => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], callSettings: { echo: CALL_SETTINGS } });
    server = await startTestGateway({ providers: [provider] });

    const response = await post('/v1/messages', { model: 'echo', messages: hello, ...fields });

    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', param, message: expect.stringContaining(`Invalid '${param}'`) },
    });
    expect(provider.calls).toHaveLength(0);
  });

  it.each<[body: Record<string, unknown>, param: string]>([
    [{ tools: [{ name: 'no spaces allowed', input_schema: { type: 'object' } }], messages: hello }, 'tools[0].name'],
    [{ system: 'Be brief.', messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'nobody', content: 'x' }] }] }, 'messages[0].content[0]'],
  ])('names the Anthropic field when the registry refuses %j', async (fields, param) => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], capabilities: { echo: { tools: true } } });
    server = await startTestGateway({ providers: [provider] });

    const response = await post('/v1/messages', { model: 'echo', max_tokens: 8, ...fields });

    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', param, message: expect.stringContaining(`'${param}'`) },
    });
  });

  it('answers a failure before the first content with its own status in Anthropic’s shape, not a stream', async () => {
    server = await startTestGateway({ providers: [rateLimitedProvider()], registry: { resilience: { maxAttemptsPerProvider: 1 } } });

    const response = await post('/v1/messages', { model: 'echo', max_tokens: 8, messages: hello, stream: true });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(await json(response)).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
  });

  it('ends a stream that fails after it started with an error event, never message_stop', async () => {
    server = await startTestGateway({ providers: [cutOffProvider()] });

    const response = await post('/v1/messages', { model: 'echo', max_tokens: 8, messages: hello, stream: true });
    const received = await sseEvents(response);

    expect(response.status).toBe(200);
    expect(received.map((each) => each.event)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'error']);
    expect(received.at(-1)?.data).toMatchObject({
      type: 'error',
      error: { type: 'api_error', code: 'stream_interrupted', message: expect.stringContaining('connection lost') },
    });
  });

  it('answers an unknown route under /v1/messages, a wrong key and an unknown model in Anthropic’s shape', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], gateway: { apiKey: 'sk-test' } });

    const missing = await post('/v1/messages', { model: 'echo', max_tokens: 8, messages: hello });
    const unknown = await post('/v1/messages', { model: 'ecko', max_tokens: 8, messages: hello }, { 'x-api-key': 'sk-test' });
    const models = await fetch(`${server.url}/v1/models/ecko`, { headers: { 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' } });

    expect(missing.status).toBe(401);
    expect(await json(missing)).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') } });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ type: 'error', error: { type: 'not_found_error', code: 'model_not_found', closest_models: ['echo'] } });
    expect(models.status).toBe(404);
    expect(await json(models)).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('a client that leaves', () => {
  it.each([
    ['/v1/messages', { model: 'echo', max_tokens: 8, messages: hello, stream: true }],
    ['/v1/responses', { model: 'echo', input: 'Hello', stream: true }],
  ])("cancels the upstream call of a stream on %s: the provider's signal is aborted", async (path, body) => {
    const { provider, aborted } = waitingProvider('first words');
    server = await startTestGateway({ providers: [provider] });
    const client = new AbortController();

    const response = await post(path, body, {}, client.signal);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('first words');
    client.abort();

    expect(await aborted).toMatchObject({ code: 'client_closed_request' });
  });
});

describe('refusals before the route runs', () => {
  it('answers bad JSON and a body over the limit in Anthropic’s shape, and counts them for the messages route', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], gateway: { bodyLimit: 1_000 } });

    const badJson = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    const tooLarge = await post('/v1/messages', { model: 'echo', max_tokens: 8, messages: [{ role: 'user', content: 'x'.repeat(2_000) }] });
    const snapshot = await json(await fetch(`${server.url}/ui/api/snapshot`));

    expect(badJson.status).toBe(400);
    expect(await json(badJson)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_json' } });
    expect(tooLarge.status).toBe(413);
    expect(await json(tooLarge)).toMatchObject({ type: 'error', error: { type: 'request_too_large', code: 'request_too_large' } });
    expect(snapshot.requests.map((request: { route: string; status: number }) => [request.route, request.status])).toEqual(
      expect.arrayContaining([
        ['messages', 400],
        ['messages', 413],
      ]),
    );
  });
});

describe('POST /v1/messages/count_tokens', () => {
  it('answers an estimate, says it is one, and sends nothing upstream', async () => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], visionModels: ['echo'] });
    server = await startTestGateway({ providers: [provider] });

    const short = await post('/v1/messages/count_tokens', { model: 'echo', messages: hello });
    const long = await post('/v1/messages/count_tokens', { model: 'echo', system: 'x'.repeat(400), messages: hello });

    expect(short.headers.get('x-switchboard-token-count')).toBe('estimate');
    expect(await json(short)).toEqual({ input_tokens: 6 });
    expect(await json(long)).toEqual({ input_tokens: 110 });
    expect(provider.calls).toHaveLength(0);
  });

  it('refuses what /v1/messages refuses, and an unknown model', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })] });

    const bad = await post('/v1/messages/count_tokens', { model: 'echo', messages: [{ role: 'robot', content: 'x' }] });
    const unknown = await post('/v1/messages/count_tokens', { model: 'ecko', messages: hello });

    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', param: 'messages[0].role' } });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});
