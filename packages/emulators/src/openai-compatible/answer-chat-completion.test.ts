// Tool calls, structured output and the faults of both, over a real socket.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator, type OpenAICompatibleEmulatorOptions } from './index.js';

let emulator: OpenAICompatibleEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const weather = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const time = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };

async function post(body: Record<string, unknown>, options: OpenAICompatibleEmulatorOptions = {}): Promise<Response> {
  emulator ??= await startOpenAICompatibleEmulator(options);
  return fetch(`${emulator.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'echo-small', ...body }),
  });
}

const ask = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: 'user', content }], ...extra });

/** The parsed `data:` payloads of a stream, without `[DONE]`. */
async function eventsOf(response: Response): Promise<{ choices: { delta: Record<string, unknown>; finish_reason: string | null }[] }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]')
    .map((event) => JSON.parse(event.slice('data: '.length)) as never);
}

describe('tool calls', () => {
  it('answers a request with tools with a call, its arguments generated from the schema', async () => {
    const response = await post(ask('Paris', { tools: [weather, time] }));

    expect(await response.json()).toMatchObject({
      choices: [
        {
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_emu_1_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
  });

  it('streams parallel calls (#tools:N) as pieces interleaved by index, ending with finish_reason tool_calls', async () => {
    const events = await eventsOf(await post(ask('Paris #tools:2', { tools: [weather, time], stream: true })));
    const pieces = events.flatMap(
      (event) => (event.choices[0]?.delta.tool_calls ?? []) as { index: number; id?: string; function: { name?: string; arguments: string } }[],
    );

    expect(pieces.slice(0, 2)).toEqual([
      { index: 0, id: 'call_emu_1_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 1, id: 'call_emu_1_2', type: 'function', function: { name: 'get_time', arguments: '' } },
    ]);
    expect(pieces.map((piece) => piece.index)).toEqual([0, 1, 0, 1, 0, 1, 0]);
    const joined = (index: number) =>
      pieces
        .filter((piece) => piece.index === index)
        .map((piece) => piece.function.arguments)
        .join('');
    expect([joined(0), joined(1)]).toEqual(['{"city":"Paris"}', '{}']);
    expect(events.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('answers tool results with text echoing them, so an agent loop ends', async () => {
    const messages = [
      { role: 'user', content: 'Paris' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '18°C' },
    ];
    const response = await post({ messages, tools: [weather] });

    expect(await response.json()).toMatchObject({ choices: [{ message: { content: 'Echo from echo-small: get_weather: 18°C' }, finish_reason: 'stop' }] });
  });

  it('records what arrived: tools, tool choice and messages, in the parsed body', async () => {
    await post(ask('Paris', { tools: [weather], tool_choice: 'required', parallel_tool_calls: false }));

    expect(emulator!.requests[0]?.body).toMatchObject({
      tools: [weather],
      tool_choice: 'required',
      parallel_tool_calls: false,
      messages: [{ role: 'user', content: 'Paris' }],
    });
  });
});

describe('structured output', () => {
  const person = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] };
  const format = { response_format: { type: 'json_schema', json_schema: { name: 'person', schema: person, strict: true } } };

  it('answers a JSON Schema with an object following it, whole or streamed in pieces', async () => {
    const whole = (await (await post(ask('Ada', format))).json()) as { choices: { message: { content: string } }[] };
    const events = await eventsOf(await post(ask('Ada', { ...format, stream: true })));

    expect(JSON.parse(whole.choices[0]!.message.content)).toEqual({ name: 'Ada', age: 1 });
    expect(events.map((event) => event.choices[0]?.delta.content ?? '').join('')).toBe('{"name":"Ada","age":1}');
    expect(events.filter((event) => event.choices[0]?.delta.content).length).toBe(3);
  });

  it('breaks the schema when #invalid-object asks, for tests of validation', async () => {
    const body = (await (await post(ask('Ada #invalid-object', format))).json()) as { choices: { message: { content: string } }[] };

    expect(body.choices[0]!.message.content).toBe('{"age":1}');
  });
});

describe('faults of tool calls and streaming', () => {
  it('mid-tool-call-error: the stream stops after the first tool-call delta, without an error event or [DONE]', async () => {
    const response = await post(ask('Paris', { tools: [weather], stream: true }), { faults: [{ fault: 'mid-tool-call-error' }] });
    const text = await response.text().catch((error: unknown) => `failed: ${String(error)}`);

    expect(response.headers.get('x-emulator-fault')).toBe('mid-tool-call-error');
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('"arguments":"{');
    await expect(emulator!.requests[0]!.outcome).resolves.toBe('closed-early');
  });

  it('mid-tool-call-error on a whole answer: the body stops half-way', async () => {
    const failure = await post(ask('Paris', { tools: [weather] }), { faults: [{ fault: 'mid-tool-call-error' }] })
      .then((response) => response.json())
      .catch((error: unknown) => error);

    // undici's word for a body that ends before its content-length.
    expect(failure).toMatchObject({ name: 'TypeError', message: 'terminated' });
  });

  it('stream-unsupported: a 500 for streaming requests only, whose rule is not used up by whole ones', async () => {
    const whole = await post(ask('hi'), { faults: [{ fault: 'stream-unsupported', times: 1 }] });
    const streamed = await post(ask('hi', { stream: true }));
    const again = await post(ask('hi', { stream: true }));

    expect(whole.status).toBe(200);
    expect(streamed.status).toBe(500);
    expect(await streamed.json()).toMatchObject({ error: { type: 'server_error', message: 'Streaming is not supported by this server (emulated).' } });
    expect(again.status).toBe(200);
    expect(emulator!.requests.map((request) => request.fault)).toEqual([undefined, 'stream-unsupported', undefined]);
    expect(emulator!.stats).toMatchObject({ answered: 2, faulted: 1 });
  });

  it('stream-unsupported as a #fault: directive fails a streaming request and leaves a whole one alone', async () => {
    expect((await post(ask('hi #fault:stream-unsupported'))).status).toBe(200);
    expect((await post(ask('hi #fault:stream-unsupported', { stream: true }))).status).toBe(500);
  });
});
