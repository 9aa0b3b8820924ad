import type { ContentPart, Message, ToolCall } from '@switchboard/core';
import { GatewayError } from '../errors/gateway-error.js';
import type { RemoteImage, RequestImages } from '../pipeline/request-images.js';
import { invalidField, isObject, isSet, readString, typeOf, unsupportedField } from '../pipeline/read-fields.js';

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

/** Input item types that only OpenAI's own tools and state produce: the gateway cannot act on them. */
const FOREIGN_ITEMS: Readonly<Record<string, string>> = {
  reasoning: 'no provider behind this gateway returns reasoning items, so none can be passed back.',
};

/** The items `item_reference` inputs name, found in the response store (undefined: not kept, or expired). */
export type ItemReferences = ReadonlyMap<string, Readonly<Record<string, unknown>> | undefined>;

/** The ids an input's `item_reference` items name, to look up before the input is read. */
export function referencedItemIds(input: unknown): string[] {
  const ids: string[] = [];
  if (!Array.isArray(input)) return ids;
  for (const item of input) if (isObject(item) && item['type'] === 'item_reference' && typeof item['id'] === 'string') ids.push(item['id']);
  return ids;
}

/**
 * The Responses API's `input` (a string, or a list of items: messages with `input_text` /
 * `input_image` / `output_text` parts, `function_call` and `function_call_output` items) as the
 * registry's messages, in one pass. A `function_call` joins the assistant message just before it
 * (the answer's text and its calls are one turn); its output becomes a `tool` message. Anything
 * the gateway cannot pass on faithfully (file inputs, OpenAI's built-in tool items) is a 400
 * naming the item. `paths` gets the place of each message made, in order, for errors.
 */
export function readResponsesInput(input: unknown, images: RequestImages, references: ItemReferences, paths: string[]): Message[] {
  if (typeof input === 'string') {
    paths.push('input');
    return [{ role: 'user', content: input }];
  }
  if (!Array.isArray(input))
    throw invalidField('input', 'invalid_type', `Invalid 'input': expected a string or an array of input items, got ${typeOf(input)}.`);
  const messages: Message[] = [];
  // The tool calls of the assistant turn being read, added to in place (a copy per call would be quadratic).
  let calls: ToolCall[] | undefined;
  // Each stored item may be named once: a reference repeated would expand one stored item again and again.
  const referenced = new Set<string>();
  for (let index = 0; index < input.length; index++) {
    const sent: unknown = input[index];
    const at = `input[${index}]`;
    if (!isObject(sent)) throw invalidField(at, 'invalid_type', `Invalid '${at}': expected an input item object, got ${typeOf(sent)}.`);
    let item: Readonly<Record<string, unknown>> = sent;
    if (item['type'] === 'item_reference') {
      // An output item this gateway produced, named by its id (the AI SDK sends these): read as if sent inline.
      const id = readString(item['id'], `${at}.id`);
      if (referenced.has(id))
        throw invalidField(`${at}.id`, 'invalid_value', `Invalid '${at}.id': the item '${id}' is already referenced earlier in the input.`);
      referenced.add(id);
      const found = references.get(id);
      if (!found) throw itemNotFound(id, `${at}.id`);
      item = found;
    }
    const type = item['type'] ?? (item['role'] !== undefined ? 'message' : undefined);
    if (type === 'message') {
      messages.push(readMessage(item, at, images));
      paths.push(at);
      calls = undefined;
    } else if (type === 'function_call') {
      const call: ToolCall = {
        id: readString(item['call_id'], `${at}.call_id`),
        name: readString(item['name'], `${at}.name`),
        arguments: readString(item['arguments'], `${at}.arguments`),
      };
      const last = messages.at(-1);
      if (calls) calls.push(call);
      else if (last?.role === 'assistant') messages[messages.length - 1] = { ...last, toolCalls: (calls = [call]) };
      else {
        messages.push({ role: 'assistant', content: '', toolCalls: (calls = [call]) });
        paths.push(at);
      }
    } else if (type === 'function_call_output') {
      calls = undefined;
      messages.push({ role: 'tool', toolCallId: readString(item['call_id'], `${at}.call_id`), content: readToolOutput(item['output'], `${at}.output`) });
      paths.push(at);
    } else if (typeof type === 'string' && Object.hasOwn(FOREIGN_ITEMS, type)) throw unsupportedField(`${at}.type`, `'${type}': ${FOREIGN_ITEMS[type]}`);
    else if (typeof type === 'string')
      throw unsupportedField(
        `${at}.type`,
        `'${type}' items belong to OpenAI's built-in tools and state; this gateway takes messages, function_call and function_call_output items.`,
      );
    else
      throw invalidField(
        `${at}.type`,
        'missing_required_parameter',
        `Invalid '${at}': expected an item with a 'type' (message, function_call, function_call_output) or a 'role'.`,
      );
  }
  return messages;
}

function itemNotFound(id: string, param: string): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'item_not_found',
    param,
    message: `Item with id '${id}' not found. This gateway keeps the output items of the responses it made for a limited time and number (storedResponses), and none made with store: false; send the item itself instead.`,
  });
}

function readMessage(item: Readonly<Record<string, unknown>>, at: string, images: RequestImages): Message {
  const role = item['role'];
  if (typeof role !== 'string' || !ROLES.has(role))
    throw invalidField(
      `${at}.role`,
      'invalid_value',
      `Invalid '${at}.role': expected 'user', 'assistant', 'system' or 'developer', got ${JSON.stringify(role) ?? 'nothing'}.`,
    );
  const content = item['content'];
  if (typeof content === 'string') return { role: role as Message['role'], content };
  if (!Array.isArray(content))
    throw invalidField(`${at}.content`, 'invalid_type', `Invalid '${at}.content': expected a string or an array of content parts, got ${typeOf(content)}.`);
  const parts: ContentPart[] = [];
  for (let index = 0; index < content.length; index++) {
    const part: unknown = content[index];
    const partAt = `${at}.content[${index}]`;
    if (!isObject(part)) throw invalidField(partAt, 'invalid_type', `Invalid '${partAt}': expected a content part object, got ${typeOf(part)}.`);
    const type = part['type'];
    if (type === 'input_text' || type === 'output_text') parts.push({ type: 'text', text: readString(part['text'], `${partAt}.text`) });
    else if (type === 'refusal') parts.push({ type: 'text', text: readString(part['refusal'], `${partAt}.refusal`) });
    else if (type === 'input_image') parts.push(readImage(part, partAt, images));
    else if (type === 'input_file' || type === 'input_audio')
      throw unsupportedField(`${partAt}.type`, `'${type}' parts are not passed to providers here; send text and images (input_image with a data: URI).`);
    else
      throw invalidField(
        `${partAt}.type`,
        'invalid_value',
        `Invalid '${partAt}.type': expected 'input_text', 'input_image' or 'output_text', got ${JSON.stringify(type) ?? 'nothing'}.`,
      );
  }
  // An assistant turn passed back is text: its parts are joined, as the answer was one text.
  if (role === 'assistant') return { role, content: parts.map((part) => (part.type === 'text' ? part.text : '')).join('') };
  return { role: role as Message['role'], content: parts };
}

function readImage(part: Record<string, unknown>, at: string, images: RequestImages): ContentPart {
  if (isSet(part['file_id']))
    throw unsupportedField(`${at}.file_id`, "OpenAI's file store is not reachable from here; send the image as image_url (a data: URI).");
  const url = readString(part['image_url'], `${at}.image_url`);
  const detail = part['detail'];
  // OpenAI's 'original' has no counterpart in the registry's parts: the provider's default applies.
  const image: ContentPart = { type: 'image_url', image_url: { url, ...(detail === 'low' || detail === 'high' || detail === 'auto' ? { detail } : {}) } };
  images.total++;
  if (!url.startsWith('data:')) images.remote.push({ part: image as RemoteImage['part'], url, param: `${at}.image_url` });
  return image;
}

/** A `function_call_output`'s output: a string, or text parts (joined). */
function readToolOutput(output: unknown, at: string): string {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output))
    throw invalidField(at, 'invalid_type', `Invalid '${at}': expected a string or an array of input_text parts, got ${typeOf(output)}.`);
  let text = '';
  for (let index = 0; index < output.length; index++) {
    const part: unknown = output[index];
    if (!isObject(part) || part['type'] !== 'input_text')
      throw unsupportedField(`${at}[${index}]`, 'a function output reaches providers as text: send input_text parts (or a string).');
    text += readString(part['text'], `${at}[${index}].text`);
  }
  return text;
}
