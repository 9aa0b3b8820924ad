import { describe, expect, it } from '@jest/globals';
import type { CallSettings, LoadedMedia, Message } from '@switchboard/core/provider';
import { TINY_PNG } from '@switchboard/core/testing';
import { buildRequest } from './build-request.js';

const PNG_URI = `data:image/png;base64,${Buffer.from(TINY_PNG).toString('base64')}`;

/** A request with nothing but one message, streamed: what each test changes. */
const PLAIN: Parameters<typeof buildRequest>[0] = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  media: [],
  settings: {},
  maxTokensField: 'max_tokens',
  extra: {},
  stream: true,
};

function build(overrides: Partial<Parameters<typeof buildRequest>[0]> = {}): Record<string, unknown> {
  return JSON.parse(buildRequest({ ...PLAIN, ...overrides }).body) as Record<string, unknown>;
}

describe('buildRequest', () => {
  it.each<[setting: keyof CallSettings, value: unknown, field: string]>([
    ['temperature', 0.2, 'temperature'],
    ['maxOutputTokens', 64, 'max_tokens'],
    ['topP', 0.9, 'top_p'],
    ['topK', 40, 'top_k'],
    ['stopSequences', ['END'], 'stop'],
    ['seed', 7, 'seed'],
    ['presencePenalty', 0.5, 'presence_penalty'],
    ['frequencyPenalty', -0.5, 'frequency_penalty'],
  ])('writes the call setting %s as %p in %s, and nothing else of the settings', (setting, value, field) => {
    const body = build({ settings: { [setting]: value }, stream: false });

    expect(body[field]).toEqual(value);
    expect(Object.keys(body)).toEqual(['model', 'messages', field, 'stream']);
  });

  it('writes maxOutputTokens in the field the model wants: max_completion_tokens for OpenAI’s newer models', () => {
    const body = build({ settings: { maxOutputTokens: 64 }, maxTokensField: 'max_completion_tokens', stream: false });

    expect(body).toMatchObject({ max_completion_tokens: 64 });
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('writes no setting the call did not set, and the provider-specific options after the settings', () => {
    expect(Object.keys(build({ settings: { seed: 1 }, extra: { user: 'u-1', min_p: 0.05 }, stream: false }))).toEqual([
      'model',
      'messages',
      'seed',
      'user',
      'min_p',
      'stream',
    ]);
  });

  it('asks for a stream with usage, as JSON that accepts server-sent events', () => {
    const request = buildRequest(PLAIN);
    expect(request.headers).toEqual({ 'content-type': 'application/json', accept: 'text/event-stream' });
    expect(JSON.parse(request.body)).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(build({ stream: false })).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false });
  });

  it('maps roles and parts to the OpenAI format', () => {
    const messages: Message[] = [
      { role: 'developer', content: 'be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: PNG_URI, detail: 'low' } },
        ],
        name: 'ann',
      },
      { role: 'assistant', content: 'ok' },
    ];
    expect(build({ messages }).messages).toEqual([
      { role: 'system', content: 'be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: PNG_URI, detail: 'low' } },
        ],
        name: 'ann',
      },
      { role: 'assistant', content: 'ok' },
    ]);
  });

  it('attaches call media to the last user message as data: URIs, without repeating inline images', () => {
    const messages: Message[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'first' },
          { type: 'image_url', image_url: { url: PNG_URI } },
        ],
      },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'and this one?' },
    ];
    const media: LoadedMedia[] = [
      { data: TINY_PNG, mediaType: 'image/png', fileName: 'a.png', origin: 'media[0]' },
      { data: TINY_PNG, mediaType: 'image/png', fileName: undefined, origin: 'messages[0].content[1]' },
    ];
    const sent = build({ messages, media }).messages as { content: unknown }[];
    expect(sent[0]!.content).toEqual([
      { type: 'text', text: 'first' },
      { type: 'image_url', image_url: { url: PNG_URI } },
    ]);
    expect(sent[2]!.content).toEqual([
      { type: 'text', text: 'and this one?' },
      { type: 'image_url', image_url: { url: PNG_URI } },
    ]);
  });

  it('adds a user message for media when the conversation has none', () => {
    const media: LoadedMedia[] = [{ data: TINY_PNG, mediaType: 'image/png', fileName: undefined, origin: 'media[0]' }];
    expect(build({ messages: [{ role: 'system', content: 'describe' }], media }).messages).toEqual([
      { role: 'system', content: 'describe' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: PNG_URI } }] },
    ]);
  });

  it('writes an assistant message that only calls tools with content null, and a tool result with the id it answers', () => {
    const messages: Message[] = [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: '18°C' },
      { role: 'assistant', content: 'Checking Rome too.', toolCalls: [{ id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' }] },
    ];
    expect(build({ messages }).messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', content: '18°C', tool_call_id: 'call_1' },
      {
        role: 'assistant',
        content: 'Checking Rome too.',
        tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }],
      },
    ]);
  });

  it('writes tools, the tool choice and parallel calls in OpenAI’s words, after the messages', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const request = buildRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      media: [],
      settings: { temperature: 0 },
      maxTokensField: 'max_tokens',
      extra: {},
      stream: false,
      tools: [
        { name: 'get_weather', description: 'The weather in a city', parameters, strict: true },
        { name: 'get_time', parameters: { type: 'object' } },
      ],
      toolChoice: { type: 'tool', name: 'get_weather' },
      parallelToolCalls: false,
    });
    expect(request.body).toBe(
      JSON.stringify({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [
          { type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters, strict: true } },
          { type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
        temperature: 0,
        stream: false,
      }),
    );
    expect(
      ['auto', 'none', 'required'].map((toolChoice) => build({ tools: [{ name: 't', parameters: {} }], toolChoice: toolChoice as 'auto' }).tool_choice),
    ).toEqual(['auto', 'none', 'required']);
  });

  it('writes a response format: json_object for any JSON, json_schema with a name and strict by default; text not at all', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    expect(build({ responseFormat: { type: 'json' } }).response_format).toEqual({ type: 'json_object' });
    expect(build({ responseFormat: { type: 'json_schema', schema } }).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: true },
    });
    expect(build({ responseFormat: { type: 'json_schema', schema, name: 'person', description: 'Who', strict: false } }).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'person', schema, strict: false, description: 'Who' },
    });
    expect(build({ responseFormat: { type: 'text' } })).not.toHaveProperty('response_format');
  });

  it('writes the per-call options as given, leaving out undefined ones', () => {
    expect(build({ extra: { temperature: 0.2, top_k: 40, seed: undefined } })).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.2,
      top_k: 40,
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});
