import { afterEach, describe, expect, it } from '@jest/globals';
import { CALL_SETTINGS, StoreConnectionError } from '@switchboard/core';
import { createMockProvider } from '@switchboard/testing';
import { cutOffProvider, rateLimitedProvider } from '../__fixtures__/failing-providers.js';
import { json, sseEvents, startTestGateway, type TestGateway } from '../__fixtures__/start-test-gateway.js';

let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server!.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('POST /v1/responses', () => {
  it('reads instructions and input items into the registry’s messages: instructions first, function calls joined to their turn', async () => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], capabilities: { echo: { tools: true } } });
    server = await startTestGateway({ providers: [provider] });

    const response = await post({
      model: 'echo',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'c1', name: 'weather', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'sunny' }] },
      ],
    });

    expect(await json(response)).toMatchObject({ status: 'completed' });
    expect(provider.calls[0]?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'c1', content: 'sunny' },
    ]);
  });

  it.each<[body: Record<string, unknown>, param: string, code: string]>([
    [{ input: 'Hi' }, 'model', 'missing_required_parameter'],
    [{ model: 'echo' }, 'input', 'missing_required_parameter'],
    [{ model: 'echo', input: 7 }, 'input', 'invalid_type'],
    [{ model: 'echo', input: [{ type: 'reasoning', summary: [] }] }, 'input[0].type', 'unsupported_parameter'],
    [{ model: 'echo', input: [{ type: 'web_search_call', id: 'ws' }] }, 'input[0].type', 'unsupported_parameter'],
    [{ model: 'echo', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, 'input[0].content[0].type', 'unsupported_parameter'],
    [{ model: 'echo', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'f' }] }] }, 'input[0].content[0].file_id', 'unsupported_parameter'],
    [{ model: 'echo', input: [{ role: 'robot', content: 'Hi' }] }, 'input[0].role', 'invalid_value'],
    [{ model: 'echo', input: 'Hi', tools: [{ type: 'file_search', vector_store_ids: [] }] }, 'tools[0].type', 'unsupported_parameter'],
    [{ model: 'echo', input: 'Hi', tool_choice: { type: 'web_search_preview' } }, 'tool_choice.type', 'unsupported_parameter'],
    [{ model: 'echo', input: 'Hi', text: { format: { type: 'yaml' } } }, 'text.format.type', 'invalid_value'],
    [{ model: 'echo', input: 'Hi', text: { verbosity: 'low' } }, 'text.verbosity', 'unsupported_parameter'],
    [{ model: 'echo', input: 'Hi', background: true }, 'background', 'unsupported_parameter'],
    [{ model: 'echo', input: 'Hi', include: ['message.output_text.logprobs'] }, 'include', 'unsupported_parameter'],
    [{ model: 'echo', input: 'Hi', stream_options: { include_obfuscation: false } }, 'stream_options', 'invalid_value'],
  ])('refuses %j with a 400 naming %s, before anything is sent', async (body, param, code) => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'] });
    server = await startTestGateway({ providers: [provider] });

    const response = await post(body);

    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ type: 'invalid_request_error', param, code });
    expect(provider.calls).toHaveLength(0);
  });

  it('passes temperature, top_p and max_output_tokens as the standard call settings', async () => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], callSettings: { echo: CALL_SETTINGS } });
    server = await startTestGateway({ providers: [provider] });

    const response = await post({ model: 'echo', input: 'Hi', temperature: 0.2, top_p: 0.9, max_output_tokens: 64 });

    expect(await json(response)).toMatchObject({ status: 'completed', temperature: 0.2, top_p: 0.9, max_output_tokens: 64 });
    expect(provider.calls[0]?.options.settings).toEqual({ temperature: 0.2, topP: 0.9, maxOutputTokens: 64 });
  });

  it.each<[body: Record<string, unknown>, param: string]>([
    [{ temperature: 7 }, 'temperature'],
    [{ max_output_tokens: 0 }, 'max_output_tokens'],
    [{ top_p: 'high' }, 'top_p'],
  ])('refuses a setting out of range, %j, with a 400 naming the Responses field', async (fields, param) => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], callSettings: { echo: CALL_SETTINGS } });
    server = await startTestGateway({ providers: [provider] });

    const response = await post({ model: 'echo', input: 'Hi', ...fields });

    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({
      param,
      code: 'invalid_value',
      message: expect.stringMatching(new RegExp(`^Invalid '${param.replace(/[[\]]/g, '\\$&')}'`)),
    });
    expect(provider.calls).toHaveLength(0);
  });

  it.each<[body: Record<string, unknown>, param: string]>([
    [{ input: 'Hi', tools: [{ type: 'function', name: 'no spaces allowed', parameters: { type: 'object' } }] }, 'tools[0].name'],
    [
      {
        instructions: 'Be brief.',
        input: [
          { role: 'user', content: 'Hi' },
          { type: 'function_call_output', call_id: 'nobody', output: 'x' },
        ],
      },
      'input[1]',
    ],
  ])('names the Responses field when the registry refuses %j', async (fields, param) => {
    const provider = createMockProvider({ id: 'alpha', models: ['echo'], capabilities: { echo: { tools: true } } });
    server = await startTestGateway({ providers: [provider] });

    const response = await post({ model: 'echo', ...fields });

    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ param, message: expect.stringContaining(`'${param}'`) });
  });

  it('passes fields that change nothing to no provider, and says so in a warning', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })] });

    const response = await post({ model: 'echo', input: 'Hi', user: 'u-1', safety_identifier: 's', frobnicate: 1 });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-warnings')).toBe(
      'ignored-parameter;param=user, ignored-parameter;param=safety_identifier, ignored-parameter;param=frobnicate',
    );
    expect((await json(response)).warnings).toEqual([
      expect.objectContaining({ code: 'ignored-parameter', param: 'user' }),
      expect.objectContaining({ code: 'ignored-parameter', param: 'safety_identifier' }),
      expect.objectContaining({ code: 'ignored-parameter', param: 'frobnicate', message: expect.stringContaining("'frobnicate'") }),
    ]);
  });

  it('answers a failure before the first content with its own status, not a stream', async () => {
    server = await startTestGateway({ providers: [rateLimitedProvider()], registry: { resilience: { maxAttemptsPerProvider: 1 } } });

    const response = await post({ model: 'echo', input: 'Hi', stream: true });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect((await json(response)).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  });

  it('ends a stream that fails after it started with an error event and response.failed, never response.completed', async () => {
    server = await startTestGateway({ providers: [cutOffProvider()] });

    const response = await post({ model: 'echo', input: 'Hi', stream: true });
    const received = await sseEvents(response);

    expect(response.status).toBe(200);
    expect(received.map((each) => each.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'error',
      'response.failed',
    ]);
    expect(received.at(-2)?.data).toMatchObject({ code: 'stream_interrupted', message: expect.stringContaining('connection lost') });
    expect(received.at(-1)?.data).toMatchObject({
      response: { status: 'failed', error: { code: 'stream_interrupted' }, output: [{ type: 'message', content: [] }] },
    });
  });

  it('keeps no more entries than storedResponses allows (a response and its output item are two): the oldest is a 404 once evicted', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], gateway: { storedResponses: { maxEntries: 4 } } });

    // Each response also stores its output item: two entries per response.
    const first = await json(await post({ model: 'echo', input: 'one' }));
    const second = await json(await post({ model: 'echo', input: 'two' }));

    expect((await post({ model: 'echo', input: 'more', previous_response_id: second.id })).status).toBe(200);
    expect((await post({ model: 'echo', input: 'more', previous_response_id: first.id })).status).toBe(404);
  });

  it('continues a response kept in a shared store by another replica, and is a 503 naming the store while it is away', async () => {
    const documents = new Map<string, string>();
    let down = false;
    const shared = {
      getDocument: async (key: string) => {
        if (down)
          throw new StoreConnectionError({
            store: 'redis',
            location: 'redis://10.0.0.5:6379',
            problem: 'unreachable',
            message: 'Cannot read a shared document in the Redis store at redis://10.0.0.5:6379: the store is degraded.',
          });
        return documents.get(key);
      },
      setDocument: async (key: string, value: string) => void documents.set(key, value),
    };
    const providers = () => [createMockProvider({ id: 'alpha', models: ['echo'] })];
    const other = await startTestGateway({ providers: providers(), gateway: { storedResponses: { shared } } });
    const first = await json(
      await fetch(`${other.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"echo","input":"one"}' }),
    );
    await other.close();
    server = await startTestGateway({ providers: providers(), gateway: { storedResponses: { shared } } });

    expect((await post({ model: 'echo', input: 'two', previous_response_id: first.id })).status).toBe(200);
    down = true;
    const away = await post({ model: 'echo', input: 'two', previous_response_id: first.id });
    expect(away.status).toBe(503);
    expect((await json(away)).error).toMatchObject({ code: 'store_unavailable', message: expect.stringContaining('the store is degraded') });
  });

  it('refuses a shared store without documents, naming the option', async () => {
    await expect(
      startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], gateway: { storedResponses: { shared: {} as never } } }),
    ).rejects.toThrow(/^Invalid options\.storedResponses\.shared: expected a shared store with documents \(getDocument and setDocument\)/);
  });

  it('keeps nothing with storedResponses: false, and says so', async () => {
    server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], gateway: { storedResponses: false } });

    const first = await json(await post({ model: 'echo', input: 'one' }));
    const next = await post({ model: 'echo', input: 'two', previous_response_id: first.id });

    expect(first.store).toBe(false);
    expect(next.status).toBe(404);
    expect((await json(next)).error.message).toContain('storedResponses: false');
  });
});
