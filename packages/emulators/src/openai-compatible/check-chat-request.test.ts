import { describe, expect, it } from '@jest/globals';
import { checkChatRequest } from './check-chat-request.js';

const weather = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
const user = [{ role: 'user', content: 'hi' }];
const MODELS = ['echo-small'];
const check = (fields: Record<string, unknown>) => checkChatRequest({ model: 'echo-small', messages: user, ...fields }, MODELS)?.message;

describe('checkChatRequest', () => {
  it('accepts a plain chat body', () => {
    expect(checkChatRequest({ model: 'echo-small', messages: user, stream: true, max_tokens: 5 }, MODELS)).toBeUndefined();
  });

  it('refuses a model the server does not serve with the code model_not_found', () => {
    expect(checkChatRequest({ model: 'gpt-9', messages: user }, MODELS)).toEqual({
      message: "The model 'gpt-9' does not exist or you do not have access to it.",
      code: 'model_not_found',
    });
  });

  it.each<[body: unknown, message: string]>([
    [undefined, 'The body must be a JSON object.'],
    [[], 'The body must be a JSON object.'],
    [{ messages: user }, "'model' is required and must be a string."],
    [{ model: 'echo-small', messages: [] }, "'messages' must be a non-empty array."],
    [{ model: 'echo-small', messages: [{ content: 'hi' }] }, 'messages[0].role must be a string.'],
    [{ model: 'echo-small', messages: [{ role: 'user', content: 3 }] }, 'messages[0].content must be a string or an array of parts.'],
    [{ model: 'echo-small', messages: user, stream: 'yes' }, "'stream' must be a boolean."],
    [{ model: 'echo-small', messages: user, max_tokens: 0 }, "'max_tokens' must be a positive integer."],
  ])('%j: %s', (body, message) => {
    expect(checkChatRequest(body, MODELS)).toEqual({ message, code: null });
  });
});

describe('checkChatRequest on tools, tool choices, response formats and tool messages', () => {
  it('accepts tools, tool choices, response formats and a tool-call round trip written as OpenAI writes them', () => {
    expect(check({ tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: true })).toBeUndefined();
    expect(check({ response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' }, strict: true } } })).toBeUndefined();
    const messages = [
      ...user,
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '18°C' },
    ];
    expect(check({ messages, tools: [weather] })).toBeUndefined();
  });

  it.each<[fields: Record<string, unknown>, message: string]>([
    [{ tools: [{ name: 'get_weather' }] }, "tools[0] must be { type: 'function', function: { name, parameters } }."],
    [{ tools: [{ type: 'function', function: { name: 'get weather' } }] }, "tools[0].function.name must be 1 to 64 letters, digits, '_' or '-'."],
    [{ tool_choice: 'auto' }, "'tool_choice' is only allowed when 'tools' are specified."],
    [
      { tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' } },
      "'tool_choice' must be 'auto', 'none', 'required' or { type: 'function', function: { name } }.",
    ],
    [
      { tools: [weather], tool_choice: { type: 'function', function: { name: 'get_time' } } },
      "'tool_choice' names 'get_time', which is not among the tools (get_weather).",
    ],
    [{ response_format: { type: 'json' } }, "'response_format.type' must be 'text', 'json_object' or 'json_schema'."],
    [{ response_format: { type: 'json_schema', schema: {} } }, "'response_format.json_schema' must be { name, schema } with a JSON Schema object."],
    [{ messages: [...user, { role: 'tool', content: '18°C' }] }, 'messages[1].tool_call_id is required on a tool message.'],
    [{ messages: [...user, { role: 'tool', tool_call_id: 'c9', content: '18°C' }] }, "messages[1].tool_call_id 'c9' does not answer any earlier tool call."],
    [
      { messages: [...user, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: {} } }] }] },
      "messages[1].tool_calls[0] must be { id, type: 'function', function: { name, arguments } } with arguments as JSON text.",
    ],
  ])('%j: %s', (fields, message) => {
    expect(check(fields)).toBe(message);
  });
});
