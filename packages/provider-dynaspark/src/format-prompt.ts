import { isBlank, messageText, type Message } from '@switchboard/core/provider';

/**
 * Flattens a conversation into Dynaspark's single `user_input` string, exactly as gpt4free's
 * `format_prompt` does, so our requests match theirs byte for byte:
 * - one message: its text alone, whatever its role;
 * - more: messages with blank text dropped (blank as Python's `str.strip()` sees it, not `trim()`),
 *   each written `Role: text` (role capitalised), joined with `\n`, ending with `\nAssistant:`.
 *   Nothing is escaped.
 */
export function formatPrompt(messages: readonly Pick<Message, 'role' | 'content'>[]): string {
  if (messages.length === 1) return messageText(messages[0]!);
  const lines: string[] = [];
  for (const message of messages) {
    const text = messageText(message);
    if (isBlank(text)) continue;
    lines.push(`${capitalize(message.role)}: ${text}`);
  }
  return `${lines.join('\n')}\nAssistant:`;
}

function capitalize(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1).toLowerCase();
}
