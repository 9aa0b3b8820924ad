import type { ToolCallDeltaStreamPart, ToolCallStreamPart } from '@switchboard/core/provider';
import type { ToolCallPiece } from './parse-response.js';

/** Puts an answer's tool calls together from the pieces its chunks carry. */
export interface ToolCallAssembler {
  /** Takes a chunk's pieces; returns the `tool-call-delta` parts they make, in order. */
  add(pieces: readonly ToolCallPiece[]): ToolCallDeltaStreamPart[];
  /** The whole calls, in `index` order, once the answer is complete. */
  finish(): ToolCallStreamPart[];
}

/**
 * Tool calls arrive as pieces keyed by `index`: the id and name in a call's first piece, its
 * arguments spread over many, several calls interleaved. Each call keeps the id it was first seen
 * with (a synthesized `call_<index>` when the server sends none, so interleaved calls never share
 * one), the first piece announces the call even without arguments, and a call with no arguments
 * at all is `{}` (JSON for "none"; some servers send '').
 */
export function createToolCallAssembler(): ToolCallAssembler {
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  return {
    add(pieces) {
      const deltas: ToolCallDeltaStreamPart[] = [];
      for (const piece of pieces) {
        let call = calls.get(piece.index);
        const isNew = call === undefined;
        if (!call) {
          call = { id: piece.id ?? `call_${piece.index}`, name: '', arguments: '' };
          calls.set(piece.index, call);
        }
        if (call.name === '' && piece.name !== undefined) call.name = piece.name;
        call.arguments += piece.arguments;
        if (isNew || piece.arguments !== '')
          deltas.push({ type: 'tool-call-delta', toolCallId: call.id, toolName: call.name, argumentsDelta: piece.arguments });
      }
      return deltas;
    },
    finish() {
      return [...calls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, call]) => ({ type: 'tool-call', toolCallId: call.id, toolName: call.name, arguments: call.arguments === '' ? '{}' : call.arguments }));
    },
  };
}
