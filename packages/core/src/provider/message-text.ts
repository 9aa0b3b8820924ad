import type { Message } from './message.js';

/**
 * The text of a message as gpt4free reads it: a string as is; for a list of parts, the text parts
 * (`type: 'text'`, or no type but a `text`) concatenated with no separator; images add nothing;
 * missing content is the empty string.
 */
export function messageText(message: Pick<Message, 'content'>): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content as readonly { type?: string; text?: unknown }[]) {
    if ((part.type === 'text' || part.type === undefined) && typeof part.text === 'string') text += part.text;
  }
  return text;
}
