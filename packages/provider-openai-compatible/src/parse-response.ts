import { ResponseFormatError, type FinishReason, type Usage } from '@switchboard/core/provider';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';
import type { ResponseContext } from './response-context.js';
import { upstreamErrorFrom } from './upstream-error-from.js';

/**
 * A tool call as a chunk carries it: whole in a JSON answer; in a stream, a piece of one, the id
 * and name usually only in the first piece of its `index` and the arguments spread over many.
 */
export interface ToolCallPiece {
  /** Which call of the answer the piece belongs to (the position in the list when the server sends none). */
  index: number;
  id: string | undefined;
  name: string | undefined;
  /** JSON text, or a piece of it; '' when the piece carries none. */
  arguments: string;
}

/** What one answer chunk (a stream event, or a whole non-stream body) contributes. */
export interface ChatChunk {
  /** New text; '' when the chunk carries none. */
  text: string;
  toolCalls: readonly ToolCallPiece[];
  finishReason: FinishReason | undefined;
  usage: Usage | undefined;
  /** The completion's `id` and `model`, when the object names them (every chunk of a stream repeats them). */
  id: string | undefined;
  model: string | undefined;
}

/** Options for {@link parseResponse}. */
export interface ParseResponseOptions extends ResponseContext {
  /** `delta` for stream events (`chat.completion.chunk`), `message` for a whole answer (`chat.completion`). */
  field: 'delta' | 'message';
}

/** A chunk's tool calls when it carries none (most chunks): shared, never changed. */
export const NO_TOOL_CALLS: readonly ToolCallPiece[] = Object.freeze([]);

/**
 * Reads one chat completion object (a `data:` payload of the stream, or the non-stream body).
 * Not JSON, or without `choices` (and without usage) -> `ResponseFormatError`; an `error` object
 * -> `ApiCallError`. Only the first choice is read: the provider never asks for `n > 1`. Tool calls
 * are read as pieces (see {@link ToolCallPiece}); putting a stream's pieces together is the
 * caller's job. Runs once per stream event: it allocates nothing beyond the parsed JSON and the
 * chunk it returns.
 */
export function parseResponse(data: string, options: ParseResponseOptions): ChatChunk {
  const { field } = options;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw malformed(data, options, field === 'delta' ? 'a stream event that is not JSON' : 'a body that is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed(data, options, 'JSON that is not a chat completion object');
  }
  const { error, choices, usage: rawUsage, id: rawId, model: rawModel } = parsed as Record<string, unknown>;
  if (error !== undefined && error !== null) throw upstreamErrorFrom(error, data, contextOf(options));
  const usage = rawUsage === undefined || rawUsage === null ? undefined : mapUsage(rawUsage);
  const id = typeof rawId === 'string' && rawId !== '' ? rawId : undefined;
  const model = typeof rawModel === 'string' && rawModel !== '' ? rawModel : undefined;
  if (!Array.isArray(choices)) {
    // With include_usage, the last stream event carries usage and an empty (or, on some servers, no) choices list.
    if (usage && field === 'delta') return { text: '', toolCalls: NO_TOOL_CALLS, finishReason: undefined, usage, id, model };
    throw malformed(data, options, 'a chat completion without a choices list');
  }
  const choice = firstChoice(choices) as Record<string, unknown> | undefined;
  if (choice === undefined) {
    if (field === 'message') throw malformed(data, options, 'a chat completion with an empty choices list');
    return { text: '', toolCalls: NO_TOOL_CALLS, finishReason: undefined, usage, id, model };
  }
  if (typeof choice !== 'object' || choice === null) throw malformed(data, options, 'a choice that is not an object');
  const holder = choice[field];
  let text = '';
  let toolCalls = NO_TOOL_CALLS;
  if (holder !== undefined && holder !== null) {
    if (typeof holder !== 'object') throw malformed(data, options, `a choice whose ${field} is not an object`);
    const { content, tool_calls: calls } = holder as { content?: unknown; tool_calls?: unknown };
    if (typeof content === 'string') text = content;
    else if (content !== undefined && content !== null) throw malformed(data, options, `a choice whose ${field}.content is not a string`);
    if (calls !== undefined && calls !== null) {
      if (!Array.isArray(calls)) throw malformed(data, options, `a choice whose ${field}.tool_calls is not a list`);
      toolCalls = calls.map((call: unknown, position) => toolCallPiece(call, position, data, options));
    }
  } else if (field === 'message') {
    throw malformed(data, options, 'a choice without a message');
  }
  return { text, toolCalls, finishReason: mapFinishReason(choice.finish_reason), usage, id, model };
}

/** The choice with `index` 0, else the first one. */
function firstChoice(choices: readonly unknown[]): unknown {
  for (const item of choices) if ((item as { index?: unknown } | null)?.index === 0) return item;
  return choices[0];
}

/** One entry of `tool_calls`; in a whole answer, a call without a function name is malformed. */
function toolCallPiece(call: unknown, position: number, data: string, options: ParseResponseOptions): ToolCallPiece {
  if (typeof call !== 'object' || call === null) throw malformed(data, options, 'a tool call that is not an object');
  const { index, id, function: fn } = call as { index?: unknown; id?: unknown; function?: unknown };
  const { name, arguments: args } = (typeof fn === 'object' && fn !== null ? fn : {}) as { name?: unknown; arguments?: unknown };
  if (options.field === 'message' && (typeof name !== 'string' || name === '')) throw malformed(data, options, 'a tool call without a function name');
  let text = '';
  if (typeof args === 'string') text = args;
  // Some servers send the arguments as an object rather than as JSON text.
  else if (typeof args === 'object' && args !== null) text = JSON.stringify(args);
  else if (args !== undefined && args !== null) throw malformed(data, options, 'tool call arguments that are neither JSON text nor an object');
  return {
    index: typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : position,
    id: typeof id === 'string' && id !== '' ? id : undefined,
    name: typeof name === 'string' && name !== '' ? name : undefined,
    arguments: text,
  };
}

/** The call's context without the parse options' own field. */
function contextOf({ provider, model, url }: ParseResponseOptions): ResponseContext {
  return { provider, model, url };
}

/** The error for an answer that is not what OpenAI's API sends. */
function malformed(data: string, options: ParseResponseOptions, problem: string): ResponseFormatError {
  return new ResponseFormatError({
    ...contextOf(options),
    message: `Provider '${options.provider}' (model '${options.model}') sent ${problem}: ${excerpt(data)}`,
    responseBody: data,
  });
}

function excerpt(data: string): string {
  return data.length > 200 ? `${data.slice(0, 200)}…` : data;
}
