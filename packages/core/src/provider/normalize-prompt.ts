import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { MediaError } from '../errors/media-error.js';
import { isBlank } from './is-blank.js';
import { MESSAGE_ROLES, type Message, type Prompt } from './message.js';

/** A conversation checked for shape, plus the `data:` images found inside its messages. */
export interface NormalizedPrompt {
  messages: readonly Message[];
  /** `data:image/...` URLs of image parts (the only kind accepted), in order, with where each was found. */
  inlineImages: readonly { url: string; origin: string }[];
}

/**
 * Checks a prompt before anything is sent: a non-empty string, or a non-empty array of messages
 * with known roles and string or part-list content. Every problem is an `InvalidArgumentError`
 * naming the exact place (`messages[2].role`) and what would be right.
 */
export function normalizePrompt(prompt: Prompt): NormalizedPrompt {
  if (typeof prompt === 'string') {
    if (isBlank(prompt)) {
      throw new InvalidArgumentError({
        argument: 'messages',
        reason: `the prompt is ${prompt === '' ? 'an empty string' : 'blank (whitespace only)'}; pass some text or a list of messages.`,
      });
    }
    return { messages: [{ role: 'user', content: prompt }], inlineImages: [] };
  }
  if (!Array.isArray(prompt)) {
    throw new InvalidArgumentError({
      argument: 'messages',
      reason: `expected a string or an array of { role, content } messages, got ${prompt === null ? 'null' : typeof prompt}.`,
    });
  }
  if (prompt.length === 0) {
    throw new InvalidArgumentError({ argument: 'messages', reason: 'the conversation is empty; pass at least one message.' });
  }
  const inlineImages: { url: string; origin: string }[] = [];
  let hasText = false;
  // A Set: a conversation may hold many thousands of tool calls, and each answer is looked up once.
  const toolCallIds = new Set<string>();
  prompt.forEach((message: unknown, index) => {
    const at = `messages[${index}]`;
    if (typeof message !== 'object' || message === null) {
      throw new InvalidArgumentError({ argument: at, reason: `expected a { role, content } object, got ${message === null ? 'null' : typeof message}.` });
    }
    const { role, content, toolCalls, toolCallId } = message as { role?: unknown; content?: unknown; toolCalls?: unknown; toolCallId?: unknown };
    if (typeof role !== 'string' || !(MESSAGE_ROLES as readonly string[]).includes(role)) {
      throw new InvalidArgumentError({
        argument: `${at}.role`,
        reason: `unknown role ${JSON.stringify(role)}; expected one of ${MESSAGE_ROLES.map((r) => `'${r}'`).join(', ')}.`,
      });
    }
    if (toolCalls !== undefined) {
      checkToolCalls(toolCalls, role, at, toolCallIds);
      if ((toolCalls as unknown[]).length > 0) hasText = true;
    }
    if (toolCallId !== undefined) {
      if (role !== 'tool')
        throw new InvalidArgumentError({ argument: `${at}.toolCallId`, reason: `only a 'tool' message answers a tool call; this one is '${role}'.` });
      if (typeof toolCallId !== 'string' || !toolCallIds.has(toolCallId)) {
        throw new InvalidArgumentError({
          argument: `${at}.toolCallId`,
          reason: `no earlier assistant message made a tool call with id ${JSON.stringify(toolCallId)}; ${toolCallIds.size ? `the calls so far are ${listSome(toolCallIds)}` : 'no tool call was made before it'}.`,
        });
      }
    }
    if (typeof content === 'string') {
      if (!isBlank(content)) hasText = true;
      return;
    }
    if (content === null || content === undefined) return;
    if (!Array.isArray(content)) {
      throw new InvalidArgumentError({ argument: `${at}.content`, reason: `expected a string or an array of parts, got ${typeof content}.` });
    }
    content.forEach((part: unknown, partIndex) => {
      const partAt = `${at}.content[${partIndex}]`;
      if (typeof part !== 'object' || part === null) {
        throw new InvalidArgumentError({ argument: partAt, reason: 'expected a { type: "text", text } or { type: "image_url", image_url: { url } } part.' });
      }
      const { type, text, image_url: imageUrl } = part as { type?: unknown; text?: unknown; image_url?: unknown };
      if (type === 'text' || (type === undefined && typeof text === 'string')) {
        if (typeof text !== 'string') throw new InvalidArgumentError({ argument: `${partAt}.text`, reason: `expected a string, got ${typeof text}.` });
        if (!isBlank(text)) hasText = true;
        return;
      }
      if (type === 'image_url') {
        const url = typeof imageUrl === 'string' ? imageUrl : (imageUrl as { url?: unknown } | undefined)?.url;
        if (typeof url !== 'string' || url === '') {
          throw new InvalidArgumentError({
            argument: `${partAt}.image_url.url`,
            reason: 'expected a URL string (a data:image/...;base64, URI for inline images).',
          });
        }
        if (!url.startsWith('data:')) {
          // Fetching arbitrary URLs on the caller's behalf is a server-side request forgery waiting
          // to happen, and a part quietly left out changes the question: refuse, and say what works.
          throw new MediaError({
            index: -1,
            path: partAt,
            message: `${partAt}.image_url.url: '${url.length > 80 ? `${url.slice(0, 80)}…` : url}' is a remote URL; images are not downloaded. Fetch it in the host and pass the bytes (options.media) or a data:image/...;base64, URI.`,
          });
        }
        inlineImages.push({ url, origin: partAt });
        return;
      }
      throw new InvalidArgumentError({ argument: `${partAt}.type`, reason: `unknown part type ${JSON.stringify(type)}; expected 'text' or 'image_url'.` });
    });
  });
  if (!hasText) {
    throw new InvalidArgumentError({ argument: 'messages', reason: 'no message has any text; at least one message needs non-blank text.' });
  }
  return { messages: prompt as readonly Message[], inlineImages };
}

/** An assistant message's tool calls: `{ id, name, arguments }` each, ids unique in the conversation. */
function checkToolCalls(toolCalls: unknown, role: string, at: string, ids: Set<string>): void {
  if (role !== 'assistant')
    throw new InvalidArgumentError({ argument: `${at}.toolCalls`, reason: `only an 'assistant' message makes tool calls; this one is '${role}'.` });
  if (!Array.isArray(toolCalls))
    throw new InvalidArgumentError({ argument: `${at}.toolCalls`, reason: 'expected an array of { id, name, arguments } tool calls.' });
  toolCalls.forEach((call: unknown, index) => {
    const callAt = `${at}.toolCalls[${index}]`;
    const { id, name, arguments: args } = (call ?? {}) as { id?: unknown; name?: unknown; arguments?: unknown };
    if (typeof id !== 'string' || id === '')
      throw new InvalidArgumentError({ argument: `${callAt}.id`, reason: 'expected the id of the call (a non-empty string).' });
    if (ids.has(id))
      throw new InvalidArgumentError({ argument: `${callAt}.id`, reason: `'${id}' is the id of an earlier tool call; ids are unique in a conversation.` });
    if (typeof name !== 'string' || name === '')
      throw new InvalidArgumentError({ argument: `${callAt}.name`, reason: 'expected the name of the tool called.' });
    if (typeof args !== 'string')
      throw new InvalidArgumentError({ argument: `${callAt}.arguments`, reason: 'expected the arguments as JSON text (a string).' });
    ids.add(id);
  });
}

/** The first few ids, quoted, and how many more: a message stays short however long the conversation. */
function listSome(ids: ReadonlySet<string>, shown = 10): string {
  const first: string[] = [];
  for (const id of ids) {
    if (first.length === shown) break;
    first.push(`'${id.length > 40 ? `${id.slice(0, 40)}…` : id}'`);
  }
  return ids.size > shown ? `${first.join(', ')} and ${ids.size - shown} more` : first.join(', ');
}
