import { describe, expect, it } from '@jest/globals';
import { toolCallDeltas } from './tool-call-deltas.js';

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
