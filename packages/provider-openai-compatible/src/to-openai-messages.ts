import type { LoadedMedia, Message } from '@switchboard/core/provider';

/** A content part in OpenAI's chat format. */
export type OpenAIContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } };

/** A tool call of an assistant message, in OpenAI's chat format. */
export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A message in OpenAI's chat format. */
export interface OpenAIMessage {
  role: string;
  /** `null` on an assistant message that only calls tools (what OpenAI sends and expects back). */
  content: string | OpenAIContentPart[] | null;
  name?: string;
  tool_calls?: OpenAIToolCall[];
  /** On a `tool` message: the call it answers. */
  tool_call_id?: string;
}

const INLINE_ORIGIN = /^messages\[(\d+)\]\.content\[(\d+)\]$/;

/**
 * Switchboard messages in OpenAI's chat format, with the call's media attached.
 *
 * - `developer` becomes `system`: most local chat templates know only system, user and assistant.
 * - An assistant message's tool calls become `tool_calls` (its content `null` when it has none),
 *   a `tool` message carries the `tool_call_id` it answers.
 * - Media the caller passed with the call (`media[0]`…) is added as `image_url` parts with a
 *   `data:` URI to the last user message (a new user message when there is none), the way OpenAI
 *   clients attach uploads. Images that were already `data:` parts inside a message stay where
 *   they were, and are not added a second time (the registry lists them in `media` too).
 */
export function toOpenAIMessages(messages: readonly Message[], media: readonly LoadedMedia[]): OpenAIMessage[] {
  const result = messages.map(toOpenAIMessage);
  // Most calls carry no media: no filtering for them.
  if (media.length === 0) return result;
  const attached = media.filter((item) => !isInPlace(item, messages)).map(toImagePart);
  if (attached.length === 0) return result;
  let index = result.findLastIndex((message) => message.role === 'user');
  if (index === -1) {
    result.push({ role: 'user', content: [] });
    index = result.length - 1;
  }
  const target = result[index]!;
  const parts: OpenAIContentPart[] =
    typeof target.content === 'string' ? (target.content === '' ? [] : [{ type: 'text', text: target.content }]) : (target.content ?? []);
  result[index] = { ...target, content: [...parts, ...attached] };
  return result;
}

function toOpenAIMessage(message: Message): OpenAIMessage {
  const role = message.role === 'developer' ? 'system' : message.role;
  const content: unknown = message.content;
  const mapped: OpenAIMessage = {
    role,
    content: typeof content === 'string' ? content : Array.isArray(content) ? content.map(toOpenAIPart) : '',
  };
  if (typeof message.name === 'string' && message.name !== '') mapped.name = message.name;
  if (message.toolCalls?.length) {
    mapped.tool_calls = message.toolCalls.map(({ id, name, arguments: args }) => ({ id, type: 'function', function: { name, arguments: args } }));
    // OpenAI's own answers carry null here, and some servers refuse '' beside tool calls.
    if (mapped.content === '' || (Array.isArray(mapped.content) && mapped.content.length === 0)) mapped.content = null;
  }
  if (message.toolCallId !== undefined) mapped.tool_call_id = message.toolCallId;
  return mapped;
}

function toOpenAIPart(part: unknown): OpenAIContentPart {
  const { type, text, image_url: imageUrl } = part as { type?: string; text?: unknown; image_url?: unknown };
  if (type === 'image_url') {
    // The prompt checker also accepts the shorthand `image_url: 'https://…'`; servers want the object.
    if (typeof imageUrl === 'string') return { type: 'image_url', image_url: { url: imageUrl } };
    const { url, detail } = imageUrl as { url: string; detail?: string };
    return { type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } };
  }
  return { type: 'text', text: typeof text === 'string' ? text : '' };
}

function toImagePart(item: LoadedMedia): OpenAIContentPart {
  return { type: 'image_url', image_url: { url: `data:${item.mediaType};base64,${Buffer.from(item.data).toString('base64')}` } };
}

/** True when a media item came from a `data:` image part that is still inside the messages. */
function isInPlace(item: LoadedMedia, messages: readonly Message[]): boolean {
  const match = INLINE_ORIGIN.exec(item.origin);
  if (!match) return false;
  const content = messages[Number(match[1])]?.content;
  if (!Array.isArray(content)) return false;
  const part = (content as readonly { type?: string; image_url?: unknown }[])[Number(match[2])];
  if (part?.type !== 'image_url') return false;
  const url = typeof part.image_url === 'string' ? part.image_url : (part.image_url as { url?: unknown } | undefined)?.url;
  return typeof url === 'string' && url.startsWith('data:');
}
