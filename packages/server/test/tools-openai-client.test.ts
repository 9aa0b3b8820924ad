// Tool calls and structured output with the official `openai` client (v6): the gateway over a
// registry of real plugins (Dynaspark first, then two OpenAI-compatible instances), each in front
// of its emulator. Dynaspark declares no tools, so every tools request must be routed past it.
import { beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { DYNASPARK_ONLY_MODEL, SHARED_MODEL, useEmulatedGateway, WEATHER_TOOL as weather } from '../src/__fixtures__/start-emulated-gateway.js';

const localTime = {
  type: 'function',
  function: {
    name: 'local_time',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, utcOffset: { type: 'integer', minimum: -12, maximum: 14 } },
      required: ['city', 'utcOffset'],
    },
  },
} as const satisfies OpenAI.ChatCompletionFunctionTool;
const askParis: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Paris' }];

const server = useEmulatedGateway();
let client: OpenAI;
beforeAll(() => {
  client = new OpenAI({ apiKey: 'unused', baseURL: `${server.url}/v1`, maxRetries: 0 });
});

describe('tools with the openai client, through the registry', () => {
  it('get tool_calls from the OpenAI-compatible provider; Dynaspark, first in the order, is never asked', async () => {
    const { data: completion, response } = await client.chat.completions.create({ model: SHARED_MODEL, messages: askParis, tools: [weather] }).withResponse();

    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: expect.stringMatching(/^call_emu_/), type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
    ]);
    expect(completion).toMatchObject({ provider: 'local', model: SHARED_MODEL });
    expect(response.headers.get('x-switchboard-provider')).toBe('local');
    expect(response.headers.get('x-switchboard-attempts')).toBe(`dynaspark/${SHARED_MODEL} skipped capability, local/${SHARED_MODEL} success`);
    expect(server.dynaspark.requests).toHaveLength(0);
    expect(server.local.requests[0]?.body).toMatchObject({ stream: false, tools: [weather] });
  });

  it('run a two-step loop: the call, a tool message with its result, then the final text', async () => {
    const first = await client.chat.completions.create({ model: SHARED_MODEL, messages: askParis, tools: [weather] });
    const call = first.choices[0]!.message.tool_calls![0]!;

    const second = await client.chat.completions.create({
      model: SHARED_MODEL,
      tools: [weather],
      messages: [...askParis, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"sky":"clear"}' }],
    });

    expect(second.choices[0]?.message).toMatchObject({ role: 'assistant', content: `Echo from ${SHARED_MODEL}: weather: {"sky":"clear"}` });
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(server.local.requests.at(-1)?.body).toMatchObject({
      messages: [askParis[0], { role: 'assistant', tool_calls: [{ id: call.id, function: { name: 'weather' } }] }, { role: 'tool', tool_call_id: call.id }],
    });
    expect(server.dynaspark.requests).toHaveLength(0);
  });

  it('stream two calls whose deltas the client assembles', async () => {
    const stream = client.chat.completions.stream({
      model: SHARED_MODEL,
      messages: [{ role: 'user', content: 'Paris #tools:2' }],
      tools: [weather, localTime],
    });
    const argumentPieces: string[] = [];
    stream.on('tool_calls.function.arguments.delta', ({ arguments_delta: delta }) => argumentPieces.push(delta));

    const completion = await stream.finalChatCompletion();

    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls).toMatchObject([
      { type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
      { type: 'function', function: { name: 'local_time', arguments: '{"city":"Paris","utcOffset":1}' } },
    ]);
    expect(argumentPieces.length).toBeGreaterThan(2);
    expect(server.local.requests[0]?.body).toMatchObject({ stream: true });
    expect(server.dynaspark.requests).toHaveLength(0);
  });

  it("run the client's streaming tool runner to the end: call, local function, answer", async () => {
    const cities: string[] = [];
    const runner = client.chat.completions.runTools({
      model: SHARED_MODEL,
      messages: askParis,
      stream: true,
      tools: [
        {
          type: 'function',
          function: {
            ...weather.function,
            parse: JSON.parse,
            function: ({ city }: { city: string }) => {
              cities.push(city);
              return { city, celsius: 21 };
            },
          },
        },
      ],
    });

    expect(await runner.finalContent()).toBe(`Echo from ${SHARED_MODEL}: weather: {"city":"Paris","celsius":21}`);
    expect(cities).toEqual(['Paris']);
    expect(server.local.requests).toHaveLength(2);
    expect(server.dynaspark.requests).toHaveLength(0);
  });
});

describe('structured output with the openai client', () => {
  const report = {
    type: 'object',
    properties: {
      city: { type: 'string' },
      celsius: { type: 'number', minimum: 10, maximum: 40 },
      sunny: { type: 'boolean' },
      sky: { enum: ['clear', 'cloudy'] },
    },
    required: ['city', 'celsius', 'sunny', 'sky'],
    additionalProperties: false,
  };
  const format = { type: 'json_schema', json_schema: { name: 'report', schema: report, strict: true } } as const;

  it('answers JSON that parses and satisfies the schema', async () => {
    const completion = await client.chat.completions.create({ model: SHARED_MODEL, messages: askParis, response_format: format });

    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ city: 'Paris', celsius: 10, sunny: true, sky: 'clear' });
    expect(completion).toMatchObject({ provider: 'local' });
    expect(server.local.requests[0]?.body).toMatchObject({ response_format: format });
    expect(server.dynaspark.requests).toHaveLength(0);
  });

  it('never passes on an object that breaks the schema: the tool-capable providers are tried, then a 502', async () => {
    const error = await client.chat.completions
      .create({ model: SHARED_MODEL, messages: [{ role: 'user', content: 'Paris #invalid-object' }], response_format: format })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 502, code: 'all_providers_failed' });
    expect((error as Error).message).toContain("Provider 'local' (model 'gemini-2.0-flash') answered with JSON that does not satisfy the response schema");
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).headers.get('x-switchboard-attempts')).toMatch(
      /^dynaspark\/gemini-2\.0-flash skipped capability, local\/gemini-2\.0-flash error structured-output, backup\/gemini-2\.0-flash error structured-output/,
    );
    expect(server.dynaspark.requests).toHaveLength(0);
  });
});

describe('a tools request for a model no tool-capable provider serves', () => {
  it('is a 400 naming the capability and the models that have it, before any upstream request', async () => {
    const error = await client.chat.completions
      .create({ model: DYNASPARK_ONLY_MODEL, messages: askParis, tools: [weather] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_capability' });
    expect((error as Error).message).toContain(`No provider of model '${DYNASPARK_ONLY_MODEL}' supports tool calls`);
    expect((error as Error).message).toContain(`Models that have it: ${SHARED_MODEL}.`);
    expect(server.dynaspark.requests).toHaveLength(0);
  });
});
