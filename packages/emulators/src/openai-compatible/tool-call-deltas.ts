import type { EmulatedToolCall } from './build-tool-calls.js';
import { splitIntoPieces } from './split-into-pieces.js';

/** A `delta` of a `chat.completion.chunk` that carries tool calls. */
export interface ToolCallDelta {
  tool_calls: { index: number; id?: string; type?: 'function'; function: { name?: string; arguments: string } }[];
}

/**
 * Tool calls as a stream sends them, each delta one piece of one call: first every call's
 * opening (its index, id and name, no arguments yet), then the arguments in three pieces each,
 * the calls interleaved by index (call 0's first piece, call 1's first piece, call 0's second…),
 * so a client must put them together by index, not by order.
 */
export function toolCallDeltas(calls: readonly EmulatedToolCall[]): ToolCallDelta[] {
  const deltas: ToolCallDelta[] = calls.map((call, index) => ({
    tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
  }));
  const pieces = calls.map((call) => splitIntoPieces(call.arguments, 3));
  const rounds = Math.max(0, ...pieces.map((list) => list.length));
  for (let round = 0; round < rounds; round++) {
    pieces.forEach((list, index) => {
      const piece = list[round];
      if (piece !== undefined) deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    });
  }
  return deltas;
}
