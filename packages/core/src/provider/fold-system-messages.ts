import type { Message } from './message.js';
import { isBlank } from './is-blank.js';
import { messageText } from './message-text.js';

/**
 * For providers that keep a conversation but not system messages: system and developer messages
 * are moved into the first user message (as a leading paragraph), so their instructions reach the
 * model instead of being dropped. Returns the messages unchanged when there is nothing to fold.
 */
export function foldSystemMessages(messages: readonly Message[]): { messages: readonly Message[]; folded: number } {
  const instructions = messages.filter((message) => message.role === 'system' || message.role === 'developer');
  if (instructions.length === 0) return { messages, folded: 0 };
  const preamble = instructions
    .map((message) => messageText(message))
    .filter((text) => !isBlank(text))
    .join('\n\n');
  const rest = messages.filter((message) => message.role !== 'system' && message.role !== 'developer');
  // Blank instructions say nothing: drop them rather than add blank lines or an empty message.
  if (preamble === '') return { messages: rest, folded: instructions.length };
  const firstUser = rest.findIndex((message) => message.role === 'user');
  if (firstUser === -1) return { messages: [{ role: 'user', content: preamble }, ...rest], folded: instructions.length };
  const target = rest[firstUser]!;
  const content =
    typeof target.content === 'string' ? `${preamble}\n\n${target.content}` : [{ type: 'text' as const, text: `${preamble}\n\n` }, ...target.content];
  const folded = [...rest];
  folded[firstUser] = { ...target, content };
  return { messages: folded, folded: instructions.length };
}
