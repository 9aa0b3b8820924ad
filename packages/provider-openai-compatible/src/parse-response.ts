import { ResponseFormatError, type FinishReason, type Usage } from '@switchboard/core/provider';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';
import type { ResponseContext } from './response-context.js';
import { upstreamErrorFrom } from './upstream-error-from.js';

/** What one answer chunk (a stream event, or a whole non-stream body) contributes. */
export interface ChatChunk {
  /** New text; '' when the chunk carries none. */
  text: string;
  finishReason: FinishReason | undefined;
  usage: Usage | undefined;
}

/** Options for {@link parseResponse}. */
export interface ParseResponseOptions extends ResponseContext {
  /** `delta` for stream events (`chat.completion.chunk`), `message` for a whole answer (`chat.completion`). */
  field: 'delta' | 'message';
}

/**
 * Reads one chat completion object (a `data:` payload of the stream, or the non-stream body).
 * Not JSON, or without `choices` (and without usage) -> `ResponseFormatError`; an `error` object
 * -> `ApiCallError`. Only the first choice is read: the provider never asks for `n > 1`.
 */
export function parseResponse(data: string, { field, ...context }: ParseResponseOptions): ChatChunk {
  const malformed = (problem: string): never => {
    throw new ResponseFormatError({
      ...context,
      message: `Provider '${context.provider}' (model '${context.model}') sent ${problem}: ${excerpt(data)}`,
      responseBody: data,
    });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return malformed(field === 'delta' ? 'a stream event that is not JSON' : 'a body that is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return malformed('JSON that is not a chat completion object');
  }
  const { error, choices, usage: rawUsage } = parsed as Record<string, unknown>;
  if (error !== undefined && error !== null) throw upstreamErrorFrom(error, data, context);
  const usage = mapUsage(rawUsage);
  if (!Array.isArray(choices)) {
    // With include_usage, the last stream event carries usage and an empty (or, on some servers, no) choices list.
    if (usage && field === 'delta') return { text: '', finishReason: undefined, usage };
    return malformed('a chat completion without a choices list');
  }
  const choice = (choices.find((item) => (item as { index?: unknown } | null)?.index === 0) ?? choices[0]) as Record<string, unknown> | undefined;
  if (choice === undefined) {
    if (field === 'message') malformed('a chat completion with an empty choices list');
    return { text: '', finishReason: undefined, usage };
  }
  if (typeof choice !== 'object' || choice === null) return malformed('a choice that is not an object');
  const holder = choice[field];
  let text = '';
  if (holder !== undefined && holder !== null) {
    if (typeof holder !== 'object') return malformed(`a choice whose ${field} is not an object`);
    const content = (holder as { content?: unknown }).content;
    if (typeof content === 'string') text = content;
    else if (content !== undefined && content !== null) malformed(`a choice whose ${field}.content is not a string`);
  } else if (field === 'message') {
    malformed('a choice without a message');
  }
  return { text, finishReason: mapFinishReason(choice.finish_reason), usage };
}

function excerpt(data: string): string {
  return data.length > 200 ? `${data.slice(0, 200)}…` : data;
}
