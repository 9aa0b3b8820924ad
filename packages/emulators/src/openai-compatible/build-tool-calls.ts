import type { ChatRequest } from './chat-request.js';
import { sampleFromSchema } from './sample-from-schema.js';

/** A tool call the emulator answers with. */
export interface EmulatedToolCall {
  id: string;
  name: string;
  /** JSON text. */
  arguments: string;
}

/** Options for {@link buildToolCalls}. */
export interface BuildToolCallsOptions {
  request: Pick<ChatRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'>;
  /** How many calls the prompt asked for (`#tools:N`). @default 1 */
  count: number | undefined;
  /** What string arguments become. */
  text: string;
  /** Numbers the call ids (`call_emu_7_1`), as the completion ids. */
  sequence: number;
}

/**
 * The tool calls answering a request with tools (empty with `tool_choice: 'none'`): a call to
 * the tool `tool_choice` names, or else to the first tool, with arguments generated from its
 * schema. `#tools:N` asks for N calls, cycling through the tools, one when `parallel_tool_calls`
 * is false; `#tools:0` answers with text, unless the choice requires a call.
 */
export function buildToolCalls({ request, count = 1, text, sequence }: BuildToolCallsOptions): EmulatedToolCall[] {
  const { tools = [], tool_choice: choice, parallel_tool_calls: parallel } = request;
  if (tools.length === 0 || choice === 'none') return [];
  const named = typeof choice === 'object' ? choice.function.name : undefined;
  const candidates = named === undefined ? tools : tools.filter((tool) => tool.function.name === named);
  const mustCall = choice === 'required' || named !== undefined;
  const wanted = Math.max(count, mustCall ? 1 : 0);
  const total = parallel === false ? Math.min(wanted, 1) : wanted;
  return Array.from({ length: total }, (_, index) => {
    const tool = candidates[index % candidates.length]!;
    return {
      id: `call_emu_${sequence}_${index + 1}`,
      name: tool.function.name,
      arguments: JSON.stringify(sampleFromSchema(tool.function.parameters ?? { type: 'object' }, { text })),
    };
  });
}

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

/**
 * `text` cut into `count` pieces of about the same length (fewer when it is shorter), so a
 * streamed tool call or JSON answer arrives the way models produce them: a few characters at a
 * time, cut anywhere, never at a convenient boundary.
 */
export function splitIntoPieces(text: string, count: number): string[] {
  const characters = Array.from(text);
  const size = Math.max(1, Math.ceil(characters.length / count));
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size) pieces.push(characters.slice(start, start + size).join(''));
  return pieces;
}
