import { describe, expect, it } from '@jest/globals';
import { createToolCallAssembler } from './create-tool-call-assembler.js';

describe('createToolCallAssembler', () => {
  it('announces each call with its first piece, streams argument pieces, and gives the whole calls in index order', () => {
    const assembler = createToolCallAssembler();
    // Two parallel calls, interleaved by index, the second announced first.
    const deltas = [
      assembler.add([{ index: 1, id: 'call_b', name: 'get_time', arguments: '' }]),
      assembler.add([{ index: 0, id: 'call_a', name: 'get_weather', arguments: '{"ci' }]),
      assembler.add([{ index: 1, id: undefined, name: undefined, arguments: '{"zone":"CET"}' }]),
      assembler.add([{ index: 0, id: undefined, name: undefined, arguments: 'ty":"Paris"}' }]),
      assembler.add([{ index: 0, id: undefined, name: undefined, arguments: '' }]),
    ].flat();

    expect(deltas).toEqual([
      { type: 'tool-call-delta', toolCallId: 'call_b', toolName: 'get_time', argumentsDelta: '' },
      { type: 'tool-call-delta', toolCallId: 'call_a', toolName: 'get_weather', argumentsDelta: '{"ci' },
      { type: 'tool-call-delta', toolCallId: 'call_b', toolName: 'get_time', argumentsDelta: '{"zone":"CET"}' },
      { type: 'tool-call-delta', toolCallId: 'call_a', toolName: 'get_weather', argumentsDelta: 'ty":"Paris"}' },
    ]);
    expect(assembler.finish()).toEqual([
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'get_time', arguments: '{"zone":"CET"}' },
    ]);
  });

  it('gives a call without an id one of its own, so interleaved calls never share one, and no arguments as {}', () => {
    const assembler = createToolCallAssembler();
    assembler.add([
      { index: 0, id: undefined, name: 'ping', arguments: '' },
      { index: 1, id: undefined, name: 'ping', arguments: '' },
    ]);

    expect(assembler.finish()).toEqual([
      { type: 'tool-call', toolCallId: 'call_0', toolName: 'ping', arguments: '{}' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'ping', arguments: '{}' },
    ]);
  });

  it('keeps the first id and name of a call when a server repeats them', () => {
    const assembler = createToolCallAssembler();
    assembler.add([{ index: 0, id: 'call_a', name: 'f', arguments: '{' }]);
    const [delta] = assembler.add([{ index: 0, id: 'call_a', name: 'f', arguments: '}' }]);

    expect(delta).toEqual({ type: 'tool-call-delta', toolCallId: 'call_a', toolName: 'f', argumentsDelta: '}' });
    expect(assembler.finish()).toEqual([{ type: 'tool-call', toolCallId: 'call_a', toolName: 'f', arguments: '{}' }]);
  });
});
