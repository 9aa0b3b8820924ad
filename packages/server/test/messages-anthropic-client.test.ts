// Anthropic's Messages API (`POST /v1/messages`) driven by the official `@anthropic-ai/sdk`: whole
// and streamed messages, images, tools over two turns (through the real plugins and their
// emulators), errors in Anthropic's shape, the key as x-api-key, count_tokens and the model list.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import { TINY_PNG } from '@switchboard/core/testing';
import { createEchoProvider } from '../src/__fixtures__/create-echo-provider.js';
import { SHARED_MODEL, useEmulatedGateway } from '../src/__fixtures__/start-emulated-gateway.js';
import { startTestGateway, type TestGateway } from '../src/__fixtures__/start-test-gateway.js';

const API_KEY = 'sk-ant-gateway-test';
let echo: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  echo = await startTestGateway({ providers: [createEchoProvider()], registry: { aliases: { echo: 'echo-1' } }, gateway: { apiKey: API_KEY } });
  client = new Anthropic({ apiKey: API_KEY, baseURL: echo.url, maxRetries: 0 });
});
afterAll(() => echo.close());

describe('POST /v1/messages with @anthropic-ai/sdk', () => {
  it('answers whole: the message object, stop reason, usage, who answered', async () => {
    const { data: message, response } = await client.messages
      .create({ model: 'echo', max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }] })
      .withResponse();

    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'echo-1',
      content: [{ type: 'text', text: 'echo-1 heard: Hello there (0 images)' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 5 },
    });
    expect(message.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(response.headers.get('x-switchboard-provider')).toBe('echo-provider');
    expect(response.headers.get('x-switchboard-attempts')).toBe('echo-provider/echo-1 success');
  });

  it('streams with messages.stream(): the events in order, the final message assembled', async () => {
    const stream = client.messages.stream({ model: 'echo', max_tokens: 64, messages: [{ role: 'user', content: 'Hello stream' }] });
    const types: string[] = [];
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();

    const deltas = types.filter((type) => type === 'content_block_delta').length;
    expect(deltas).toBeGreaterThan(1);
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      ...Array.from({ length: deltas }, () => 'content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(text).toBe('echo-1 heard: Hello stream (0 images)');
    expect(final).toMatchObject({ content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: { output_tokens: 5 } });
  });

  it('sends a base64 image block', async () => {
    const data = Buffer.from(TINY_PNG).toString('base64');
    const message = await client.messages.create({
      model: 'echo-1',
      max_tokens: 64,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'echo-1 heard: What is this? (1 images)' }]);
  });

  it('refuses an image URL (remote images are off, as on the chat route) with a 400 naming the block', async () => {
    const error = await client.messages
      .create({
        model: 'echo-1',
        max_tokens: 64,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }] }],
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', code: 'remote_image_not_allowed', param: 'messages[0].content[0].source.url' },
    });
  });

  it('errors in Anthropic shape and status: unknown model 404, wrong key 401, missing max_tokens 400, thinking 400', async () => {
    const notFound = await client.messages
      .create({ model: 'ecko', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    expect((notFound as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error', closest_models: ['echo'] },
    });

    const stranger = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: echo.url, maxRetries: 0 });
    const unauthorized = await stranger.messages
      .create({ model: 'echo', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);
    expect(unauthorized).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((unauthorized as InstanceType<typeof Anthropic.AuthenticationError>).error).toEqual({
      type: 'error',
      error: {
        type: 'authentication_error',
        message: 'The API key in the Authorization header is not valid for this gateway.',
        param: null,
        code: 'invalid_api_key',
      },
    });

    const noMax = await client.messages.create({ model: 'echo', messages: [{ role: 'user', content: 'Hi' }] } as never).catch((error: unknown) => error);
    expect((noMax as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', param: 'max_tokens' } });

    const thinking = await client.messages
      .create({ model: 'echo', max_tokens: 8, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);
    expect((thinking as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      error: { type: 'invalid_request_error', param: 'thinking', code: 'unsupported_parameter' },
    });
  });

  it('takes the key as x-api-key (what Anthropic clients before SDK 1.0 and the AI SDK send), and refuses a wrong one in that header', async () => {
    const viaHeader = new Anthropic({ apiKey: null, authToken: null, defaultHeaders: { 'x-api-key': API_KEY }, baseURL: echo.url, maxRetries: 0 });
    const wrong = new Anthropic({ apiKey: null, authToken: null, defaultHeaders: { 'x-api-key': 'sk-ant-wrong' }, baseURL: echo.url, maxRetries: 0 });

    const message = await viaHeader.messages.create({ model: 'echo', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] });
    const refused = await wrong.messages.create({ model: 'echo', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);

    expect(message.content).toEqual([{ type: 'text', text: 'echo-1 heard: Hi (0 images)' }]);
    expect(refused).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((refused as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      error: { type: 'authentication_error', message: 'The API key in the x-api-key header is not valid for this gateway.' },
    });
  });

  it('counts tokens with an estimate, and says it is one', async () => {
    const { data, response } = await client.messages
      .countTokens({ model: 'echo', system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there, how are you?' }] })
      .withResponse();

    expect(data.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchboard-token-count')).toBe('estimate');
  });

  it('lists the models in Anthropic shape', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    const one = await client.models.retrieve('echo');

    expect(ids).toEqual(['echo-1', 'echo']);
    expect(one).toMatchObject({ type: 'model', id: 'echo', display_name: 'echo (echo-1)', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });
});

describe('tools over two turns, through the real plugins', () => {
  const server = useEmulatedGateway();
  const weather: Anthropic.Tool = {
    name: 'weather',
    description: 'The weather in a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };
  const anthropic = () => new Anthropic({ apiKey: 'unused', baseURL: server.url, maxRetries: 0 });

  it('gets a tool_use block, sends its tool_result back, and gets the final text', async () => {
    const first = await anthropic().messages.create({ model: SHARED_MODEL, max_tokens: 256, tools: [weather], messages: [{ role: 'user', content: 'Paris' }] });
    const use = first.content.find((block) => block.type === 'tool_use');

    expect(first.stop_reason).toBe('tool_use');
    expect(use).toMatchObject({ type: 'tool_use', name: 'weather', input: { city: 'Paris' } });
    expect(server.dynaspark.requests).toHaveLength(0);

    const second = await anthropic().messages.create({
      model: SHARED_MODEL,
      max_tokens: 256,
      tools: [weather],
      messages: [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use!.type === 'tool_use' ? use!.id : '', content: '{"sky":"clear"}' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: `Echo from ${SHARED_MODEL}: weather: {"sky":"clear"}` }]);
    expect(second.stop_reason).toBe('end_turn');
  });

  it('streams a tool call as input_json_delta events; the stream helper assembles the input', async () => {
    const stream = anthropic().messages.stream({ model: SHARED_MODEL, max_tokens: 256, tools: [weather], messages: [{ role: 'user', content: 'Oslo' }] });
    const deltas: string[] = [];
    for await (const event of stream)
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') deltas.push(event.delta.partial_json);
    const final = await stream.finalMessage();

    expect(deltas.join('')).toBe('{"city":"Oslo"}');
    expect(final.content).toEqual([{ type: 'tool_use', id: expect.any(String), name: 'weather', input: { city: 'Oslo' } }]);
    expect(final.stop_reason).toBe('tool_use');
  });

  it('rejects in the client when the stream fails after it started: never a message_stop', async () => {
    server.local.setFaults([{ fault: 'mid-stream-error' }]);
    const stream = anthropic().messages.stream({ model: SHARED_MODEL, max_tokens: 256, tools: [weather], messages: [{ role: 'user', content: 'Oslo' }] });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));

    const error = await stream.finalMessage().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(types[0]).toBe('message_start');
    expect(types).not.toContain('message_stop');
  });

  it('refuses a server tool (web search) with a 400 naming it, before anything is sent', async () => {
    const error = await anthropic()
      .messages.create({
        model: SHARED_MODEL,
        max_tokens: 64,
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        messages: [{ role: 'user', content: 'News?' }],
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', param: 'tools[0].type' } });
    expect(server.local.requests).toHaveLength(0);
  });
});
