import type { LoadedMedia } from '../provider/media-input.js';
import type { Message } from '../provider/message.js';
import type { FinishReason } from '../provider/stream-part.js';
import type { ToolCall } from '../provider/tool.js';

// The JSON shapes of `gen_ai.input.messages` and `gen_ai.output.messages` (the conventions'
// gen-ai-input-messages.json and gen-ai-output-messages.json). Recorded on spans as JSON text:
// OpenTelemetry JS attributes hold no nested values, which the conventions allow for spans.

type Part =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; response: string }
  // The schema's generic part: an image is named by its type, never copied (a request can carry
  // megabytes of base64; a `blob` part would need its bytes).
  | { type: 'image'; mime_type: string | null };

interface ChatMessage {
  role: string;
  parts: Part[];
  name?: string;
}

/** Our finish reasons as the conventions spell them (`tool_call`, `content_filter`); others as they are. */
export function conventionFinishReason(reason: FinishReason): string {
  if (reason === 'tool-calls') return 'tool_call';
  if (reason === 'content-filter') return 'content_filter';
  return reason;
}

/** A tool call's arguments as JSON when they parse (the conventions record them as a value), else the text as it came. */
function argumentsValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The type of a `data:image/png;base64,…` URL, without reading past its header. */
function dataUrlType(url: string): string | null {
  const end = url.indexOf(';');
  const comma = url.indexOf(',');
  const stop = end === -1 || (comma !== -1 && comma < end) ? comma : end;
  return url.startsWith('data:') && stop > 5 ? url.slice(5, stop) : null;
}

function messageParts(message: Message): Part[] {
  const parts: Part[] = [];
  if (message.role === 'tool' && message.toolCallId !== undefined) {
    const text = typeof message.content === 'string' ? message.content : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    parts.push({ type: 'tool_call_response', id: message.toolCallId, response: text });
    return parts;
  }
  if (typeof message.content === 'string') {
    if (message.content !== '') parts.push({ type: 'text', content: message.content });
  } else {
    for (const part of message.content) {
      if (part.type === 'image_url') parts.push({ type: 'image', mime_type: dataUrlType(part.image_url.url) });
      else parts.push({ type: 'text', content: part.text });
    }
  }
  for (const call of message.toolCalls ?? []) parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: argumentsValue(call.arguments) });
  return parts;
}

/**
 * `gen_ai.input.messages`: the conversation as this attempt sent it, in order. Images passed in
 * `options.media` go with the last user message (where providers put them).
 */
export function inputMessagesJson(messages: readonly Message[], media: readonly LoadedMedia[]): string {
  const captured: ChatMessage[] = messages.map((message) => {
    const entry: ChatMessage = { role: message.role, parts: messageParts(message) };
    if (message.name !== undefined) entry.name = message.name;
    return entry;
  });
  const extra = media.filter((item) => item.origin.startsWith('media['));
  if (extra.length > 0) {
    let last = captured.findLastIndex((message) => message.role === 'user');
    if (last === -1) last = captured.push({ role: 'user', parts: [] }) - 1;
    for (const item of extra) captured[last]!.parts.push({ type: 'image', mime_type: item.mediaType });
  }
  return JSON.stringify(captured);
}

/** What an attempt answered, for `gen_ai.output.messages`. */
export interface CapturedAnswer {
  text: string;
  toolCalls: readonly ToolCall[];
  finishReason: FinishReason;
}

/** `gen_ai.output.messages`: the one answer (choice) an attempt produced. */
export function outputMessagesJson({ text, toolCalls, finishReason }: CapturedAnswer): string {
  const parts: Part[] = text === '' ? [] : [{ type: 'text', content: text }];
  for (const call of toolCalls) parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: argumentsValue(call.arguments) });
  return JSON.stringify([{ role: 'assistant', parts, finish_reason: conventionFinishReason(finishReason) }]);
}
