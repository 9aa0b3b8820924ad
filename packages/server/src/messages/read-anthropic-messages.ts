import type { ContentPart, Message, ToolCall } from '@switchboard/core';
import type { RemoteImage, RequestImages } from '../pipeline/request-images.js';
import { invalidField, isObject, isSet, readString, typeOf, unsupportedField } from '../pipeline/read-fields.js';

/** Block types that carry what no provider behind the gateway produces or reads. */
const FOREIGN_BLOCKS: Readonly<Record<string, string>> = {
  thinking: 'extended thinking is a feature of Claude models; no provider behind this gateway returns thinking blocks, so none can be passed back.',
  redacted_thinking: 'extended thinking is a feature of Claude models; no provider behind this gateway returns thinking blocks, so none can be passed back.',
  document: 'documents (PDF, plain-text sources) are not passed to providers here; send their text as text blocks.',
  search_result: 'search results with citations are not passed to providers here; send their text as text blocks.',
};

/** Where an Anthropic request's content blocks sit, and what the reader noticed about them. */
export interface BlockNotes {
  images: RequestImages;
  /** A block carried `cache_control` (a prompt-caching hint no provider here takes). */
  cacheControl: boolean;
}

/**
 * Anthropic's `messages` (user and assistant turns whose content is a string or blocks: `text`,
 * `image` with a base64 or URL source, `tool_use`, `tool_result`) as the registry's messages, in
 * one pass. A user turn's `tool_result` blocks become `tool` messages (in their order, before the
 * turn's other blocks, as Anthropic requires them first); an assistant turn's `tool_use` blocks
 * become its tool calls, with `input` as JSON text. Blocks the gateway cannot pass on faithfully
 * are a 400 naming the block. `paths` gets the place of each message made, in order, for errors.
 */
export function readAnthropicMessages(messages: unknown, notes: BlockNotes, paths: string[]): Message[] {
  if (!isSet(messages)) throw invalidField('messages', 'missing_required_parameter', "Missing required parameter: 'messages'.");
  if (!Array.isArray(messages)) throw invalidField('messages', 'invalid_type', `Invalid 'messages': expected an array of messages, got ${typeOf(messages)}.`);
  const converted: Message[] = [];
  for (let index = 0; index < messages.length; index++) {
    const message: unknown = messages[index];
    const at = `messages[${index}]`;
    if (!isObject(message)) throw invalidField(at, 'invalid_type', `Invalid '${at}': expected a message object, got ${typeOf(message)}.`);
    const role = message['role'];
    if (role !== 'user' && role !== 'assistant')
      throw invalidField(`${at}.role`, 'invalid_value', `Invalid '${at}.role': expected 'user' or 'assistant', got ${JSON.stringify(role) ?? 'nothing'}.`);
    const content = message['content'];
    if (typeof content === 'string') {
      converted.push({ role, content });
      paths.push(at);
      continue;
    }
    if (!Array.isArray(content))
      throw invalidField(`${at}.content`, 'invalid_type', `Invalid '${at}.content': expected a string or an array of content blocks, got ${typeOf(content)}.`);
    const parts: ContentPart[] = [];
    const toolCalls: ToolCall[] = [];
    for (let blockIndex = 0; blockIndex < content.length; blockIndex++) {
      const block: unknown = content[blockIndex];
      const blockAt = `${at}.content[${blockIndex}]`;
      if (!isObject(block)) throw invalidField(blockAt, 'invalid_type', `Invalid '${blockAt}': expected a content block object, got ${typeOf(block)}.`);
      if (isSet(block['cache_control'])) notes.cacheControl = true;
      const type = block['type'];
      if (type === 'text') parts.push({ type: 'text', text: readString(block['text'], `${blockAt}.text`) });
      else if (type === 'image') {
        if (role !== 'user') throw invalidField(`${blockAt}.type`, 'invalid_value', `Invalid '${blockAt}': images go in user turns.`);
        parts.push(readImage(block, blockAt, notes.images));
      } else if (type === 'tool_use') {
        if (role !== 'assistant') throw invalidField(`${blockAt}.type`, 'invalid_value', `Invalid '${blockAt}': tool_use blocks are the assistant's.`);
        toolCalls.push({
          id: readString(block['id'], `${blockAt}.id`),
          name: readString(block['name'], `${blockAt}.name`),
          arguments: JSON.stringify(block['input'] ?? {}),
        });
      } else if (type === 'tool_result') {
        if (role !== 'user') throw invalidField(`${blockAt}.type`, 'invalid_value', `Invalid '${blockAt}': tool_result blocks go in user turns.`);
        converted.push(readToolResult(block, blockAt, notes));
        paths.push(blockAt);
      } else if (typeof type === 'string' && Object.hasOwn(FOREIGN_BLOCKS, type))
        throw unsupportedField(`${blockAt}.type`, `'${type}': ${FOREIGN_BLOCKS[type]}`);
      else if ((typeof type === 'string' && type.endsWith('_tool_use')) || (typeof type === 'string' && type.endsWith('_tool_result')))
        throw unsupportedField(`${blockAt}.type`, `'${type}' blocks belong to Anthropic's server tools, which no provider here runs.`);
      else
        throw invalidField(
          `${blockAt}.type`,
          'invalid_value',
          `Invalid '${blockAt}.type': expected 'text', 'image', 'tool_use' or 'tool_result', got ${JSON.stringify(type) ?? 'nothing'}.`,
        );
    }
    if (role === 'assistant') {
      const text = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
      converted.push(toolCalls.length > 0 ? { role, content: text, toolCalls } : { role, content: text });
      paths.push(at);
    } else if (parts.length > 0) {
      converted.push({ role, content: parts });
      paths.push(at);
    }
  }
  return converted;
}

function readImage(block: Record<string, unknown>, at: string, images: RequestImages): ContentPart {
  const source = block['source'];
  if (!isObject(source))
    throw invalidField(
      `${at}.source`,
      'invalid_type',
      `Invalid '${at}.source': expected { type: 'base64', media_type, data } or { type: 'url', url }, got ${typeOf(source)}.`,
    );
  images.total++;
  if (source['type'] === 'base64') {
    const mediaType = readString(source['media_type'], `${at}.source.media_type`);
    const data = readString(source['data'], `${at}.source.data`);
    return { type: 'image_url', image_url: { url: `data:${mediaType};base64,${data}` } };
  }
  if (source['type'] === 'url') {
    const url = readString(source['url'], `${at}.source.url`);
    const part = { type: 'image_url' as const, image_url: { url } };
    if (!url.startsWith('data:')) images.remote.push({ part: part as RemoteImage['part'], url, param: `${at}.source.url` });
    return part;
  }
  if (source['type'] === 'file')
    throw unsupportedField(`${at}.source.type`, "Anthropic's Files API is not reachable from here; send the image as a base64 source.");
  throw invalidField(
    `${at}.source.type`,
    'invalid_value',
    `Invalid '${at}.source.type': expected 'base64' or 'url', got ${JSON.stringify(source['type']) ?? 'nothing'}.`,
  );
}

/** A `tool_result` block as a `tool` message: its content as text (a string or text blocks); `is_error` says so in the text, since providers take no such flag. */
function readToolResult(block: Record<string, unknown>, at: string, notes: BlockNotes): Message {
  const toolCallId = readString(block['tool_use_id'], `${at}.tool_use_id`);
  const content = block['content'];
  let text = '';
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    for (let index = 0; index < content.length; index++) {
      const part: unknown = content[index];
      if (isObject(part) && isSet(part['cache_control'])) notes.cacheControl = true;
      if (!isObject(part) || part['type'] !== 'text')
        throw unsupportedField(`${at}.content[${index}]`, 'a tool result reaches providers as text: send text blocks (or a string).');
      text += readString(part['text'], `${at}.content[${index}].text`);
    }
  } else if (isSet(content))
    throw invalidField(`${at}.content`, 'invalid_type', `Invalid '${at}.content': expected a string or text blocks, got ${typeOf(content)}.`);
  return { role: 'tool', toolCallId, content: block['is_error'] === true ? `Error: ${text}` : text };
}
