// The Responses API (`POST /v1/responses`) driven by the official `openai` client (v6): whole and
// streamed answers, function calls over two turns, previous_response_id, json_schema, errors.
// The gateway runs over the real plugins in front of their emulators (Dynaspark first, which
// declares no tools, then two OpenAI-compatible instances).
import { beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { SHARED_MODEL, useEmulatedGateway } from '../src/__fixtures__/start-emulated-gateway.js';

const weather = {
  type: 'function' as const,
  name: 'weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

const server = useEmulatedGateway();
let client: OpenAI;
beforeAll(() => {
  client = new OpenAI({ apiKey: 'unused', baseURL: `${server.url}/v1`, maxRetries: 0 });
});

describe('POST /v1/responses with the openai client', () => {
  it('answers whole: the response object, output_text, usage, who answered', async () => {
    const { data: response, response: raw } = await client.responses
      .create({ model: SHARED_MODEL, input: 'Hello gateway', metadata: { ticket: 'T-1' } })
      .withResponse();

    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: SHARED_MODEL,
      error: null,
      incomplete_details: null,
      metadata: { ticket: 'T-1' },
    });
    expect(response.id).toMatch(/^resp_[0-9a-f]{32}$/);
    expect(response.output).toEqual([
      {
        type: 'message',
        id: expect.stringMatching(/^msg_/),
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: `Echo from ${SHARED_MODEL}: Hello gateway`, annotations: [], logprobs: [] }],
      },
    ]);
    expect(response.output_text).toBe(`Echo from ${SHARED_MODEL}: Hello gateway`);
    expect(response.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) });
    expect(raw.headers.get('x-switchboard-provider')).toBe('dynaspark');
    expect(raw.headers.get('x-switchboard-attempts')).toBe(`dynaspark/${SHARED_MODEL} success`);
    expect(server.dynaspark.requests).toHaveLength(1);
  });

  it('streams the semantic events in order, and the stream helper assembles the response', async () => {
    const stream = client.responses.stream({ model: SHARED_MODEL, input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello stream' }] }] });
    const types: string[] = [];
    let text = '';
    const sequence: number[] = [];
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    const final = await stream.finalResponse();

    const deltas = types.filter((type) => type === 'response.output_text.delta').length;
    expect(deltas).toBeGreaterThan(0);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array.from({ length: deltas }, () => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(sequence).toEqual(types.map((_, index) => index));
    expect(text).toBe(`Echo from ${SHARED_MODEL}: Hello stream`);
    expect(final.output_text).toBe(text);
    expect(final.status).toBe('completed');
  });

  it('runs function calls over two turns: the call, then its output passed back, then the text', async () => {
    const first = await client.responses.create({ model: SHARED_MODEL, input: 'Paris', tools: [weather] });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'weather', arguments: '{"city":"Paris"}', call_id: expect.any(String), status: 'completed' });
    // Dynaspark takes no tools: routed past it.
    expect(server.dynaspark.requests).toHaveLength(0);

    const second = await client.responses.create({
      model: SHARED_MODEL,
      tools: [weather],
      // The first answer's items go back as they came, as the agents SDK does.
      input: [
        { role: 'user', content: 'Paris' },
        ...(first.output as OpenAI.Responses.ResponseInputItem[]),
        { type: 'function_call_output', call_id: call!.type === 'function_call' ? call!.call_id : '', output: '{"sky":"clear"}' },
      ],
    });

    expect(second.output_text).toBe(`Echo from ${SHARED_MODEL}: weather: {"sky":"clear"}`);
    expect(server.local.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', tool_calls: [{ function: { name: 'weather' } }] },
        { role: 'tool', content: '{"sky":"clear"}' },
      ],
    });
  });

  it('streams a function call: its item, argument deltas, and the item done with the whole arguments', async () => {
    const stream = await client.responses.create({ model: SHARED_MODEL, input: 'Oslo', tools: [weather], stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);

    const types = events.map((event) => event.type);
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.function_call_arguments.delta');
    const done = events.find((event) => event.type === 'response.function_call_arguments.done');
    expect(done).toMatchObject({ name: 'weather', arguments: '{"city":"Oslo"}' });
    const completed = events.at(-1);
    expect(completed?.type).toBe('response.completed');
    expect(completed?.type === 'response.completed' && completed.response.output).toEqual([
      expect.objectContaining({ type: 'function_call', name: 'weather', arguments: '{"city":"Oslo"}', status: 'completed' }),
    ]);
  });

  it('throws in the client when the stream fails after it started: never a response.completed', async () => {
    // Tools route past Dynaspark to `local`, which sends two pieces of the call, then fails.
    server.local.setFaults([{ fault: 'mid-stream-error' }]);
    const stream = await client.responses.create({ model: SHARED_MODEL, input: 'Oslo', tools: [weather], stream: true });
    const types: string[] = [];
    const error = await (async () => {
      for await (const event of stream) types.push(event.type);
    })().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('stream');
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types).not.toContain('response.completed');
  });

  it('continues a conversation by previous_response_id; an unknown id is a 404 naming it; store: false keeps nothing', async () => {
    const first = await client.responses.create({ model: SHARED_MODEL, input: 'My name is Ada' });
    const second = await client.responses.create({ model: SHARED_MODEL, input: 'What is my name?', previous_response_id: first.id });

    expect(second.previous_response_id).toBe(first.id);
    expect(JSON.stringify(server.dynaspark.requests.at(-1)?.fields)).toContain('My name is Ada');

    const unknown = await client.responses.create({ model: SHARED_MODEL, input: 'Hi', previous_response_id: 'resp_nope' }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown).toMatchObject({ status: 404, code: 'previous_response_not_found', param: 'previous_response_id' });
    expect((unknown as Error).message).toContain("'resp_nope'");

    const unstored = await client.responses.create({ model: SHARED_MODEL, input: 'Forget me', store: false });
    expect(unstored).toMatchObject({ store: false });
    await expect(client.responses.create({ model: SHARED_MODEL, input: 'Hi', previous_response_id: unstored.id })).rejects.toMatchObject({ status: 404 });
  });

  it('answers in a json_schema format with a structured answer', async () => {
    const response = await client.responses.create({
      model: SHARED_MODEL,
      input: 'A city',
      text: {
        format: {
          type: 'json_schema',
          name: 'city',
          schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
          strict: true,
        },
      },
    });

    expect(JSON.parse(response.output_text)).toEqual({ name: expect.any(String) });
    expect(response.text?.format).toMatchObject({ type: 'json_schema', name: 'city' });
    expect(server.local.requests.at(-1)?.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'city' } } });
  });

  it('refuses built-in tools and reasoning with a 400 naming them, before anything is sent', async () => {
    const webSearch = await client.responses.create({ model: SHARED_MODEL, input: 'News?', tools: [{ type: 'web_search' }] }).catch((error: unknown) => error);
    const reasoning = await client.responses.create({ model: SHARED_MODEL, input: 'Think', reasoning: { effort: 'high' } }).catch((error: unknown) => error);

    expect(webSearch).toBeInstanceOf(OpenAI.BadRequestError);
    expect(webSearch).toMatchObject({ param: 'tools[0].type', code: 'unsupported_parameter' });
    expect(reasoning).toMatchObject({ status: 400, param: 'reasoning', code: 'unsupported_parameter' });
    expect(server.dynaspark.requests).toHaveLength(0);
    expect(server.local.requests).toHaveLength(0);
  });

  it('gets a 404 with the closest names for an unknown model', async () => {
    const error = await client.responses.create({ model: 'gemini-2.0-flsh', input: 'Hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: 'model_not_found', param: 'model' });
  });
});
