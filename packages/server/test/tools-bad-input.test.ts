// Malformed tool requests through the gateway over a registry of real plugins in front of their
// emulators: each is a 400 naming the field, and none reaches an upstream server.
import { describe, expect, it } from '@jest/globals';
import { json } from '../src/__fixtures__/start-test-gateway.js';
import { SHARED_MODEL, useEmulatedGateway, WEATHER_TOOL as weather } from '../src/__fixtures__/start-emulated-gateway.js';

const askParis = [{ role: 'user', content: 'Paris' }];
const weatherCall = { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } };

const server = useEmulatedGateway();

describe('a malformed tool request', () => {
  it.each([
    [
      'a tool whose parameters are not a JSON Schema',
      { tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'strnig' } } } } }] },
      'tools[0].function.parameters',
    ],
    [
      'a tool message answering a call nobody made',
      {
        tools: [weather],
        messages: [...askParis, { role: 'assistant', content: null, tool_calls: [weatherCall] }, { role: 'tool', tool_call_id: 'call_2', content: 'sunny' }],
      },
      'messages[2].tool_call_id',
    ],
    [
      'a tool choice naming a tool that is not there',
      { tools: [weather], tool_choice: { type: 'function', function: { name: 'forecast' } } },
      'tool_choice.function.name',
    ],
  ])('%s: a 400 naming the field, and no upstream request', async (_case, fields, param) => {
    for (const stream of [false, true]) {
      const response = await server.chat({ model: SHARED_MODEL, messages: askParis, stream, ...fields });

      expect(response.status).toBe(400);
      const { error } = await json(response);
      expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_value', param });
      expect(error.message).toContain(`Invalid '${param}': `);
    }
    expect([server.dynaspark.requests, server.local.requests, server.backup.requests]).toEqual([[], [], []]);
  });
});
