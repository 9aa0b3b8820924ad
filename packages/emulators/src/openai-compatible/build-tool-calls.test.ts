import { describe, expect, it } from '@jest/globals';
import { buildToolCalls, toolCallDeltas } from './build-tool-calls.js';
import type { ChatTool } from './chat-request.js';

const weather: ChatTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const time: ChatTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string', enum: ['CET', 'UTC'] } }, required: ['zone'] } },
};
const calls = (request: Parameters<typeof buildToolCalls>[0]['request'], count?: number) => buildToolCalls({ request, count, text: 'Paris', sequence: 7 });

describe('buildToolCalls', () => {
  it('calls the first tool, with arguments generated from its schema', () => {
    expect(calls({ tools: [weather, time] })).toEqual([{ id: 'call_emu_7_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  });

  it('calls the tool tool_choice names', () => {
    expect(calls({ tools: [weather, time], tool_choice: { type: 'function', function: { name: 'get_time' } } })).toEqual([
      { id: 'call_emu_7_1', name: 'get_time', arguments: '{"zone":"CET"}' },
    ]);
  });

  it('makes as many calls as #tools:N asks, cycling through the tools, one when parallel calls are off', () => {
    expect(calls({ tools: [weather, time] }, 3).map((call) => `${call.id} ${call.name}`)).toEqual([
      'call_emu_7_1 get_weather',
      'call_emu_7_2 get_time',
      'call_emu_7_3 get_weather',
    ]);
    expect(calls({ tools: [weather, time], parallel_tool_calls: false }, 3)).toHaveLength(1);
  });

  it("calls nothing with tool_choice 'none', nor with #tools:0 unless the choice requires a call", () => {
    expect(calls({ tools: [weather], tool_choice: 'none' })).toEqual([]);
    expect(calls({ tools: [weather], tool_choice: 'auto' }, 0)).toEqual([]);
    expect(calls({ tools: [weather], tool_choice: 'required' }, 0)).toHaveLength(1);
    expect(calls({})).toEqual([]);
  });
});

describe('toolCallDeltas', () => {
  it('opens every call, then sends the arguments in three pieces each, interleaved by index', () => {
    const deltas = toolCallDeltas([
      { id: 'a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'b', name: 'get_time', arguments: '{}' },
    ]);

    expect(deltas).toEqual([
      { tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'get_time', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '":"Par' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '}' } }] },
      { tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] },
    ]);
  });
});
