/** A chat message as it may arrive: anything, checked field by field. */
export interface LooseMessage {
  role?: unknown;
  content?: unknown;
  tool_calls?: unknown;
  tool_call_id?: unknown;
}

/** The text of a message's content: a string, or the text parts of a part list joined. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part: { type?: unknown; text?: unknown }) => part?.type === 'text' && typeof part.text === 'string')
    .map((part: { text: string }) => part.text)
    .join('');
}

/** The last message with role `user`, where the echo and the `#fault:` directives come from. */
export function lastUserMessage(messages: unknown): LooseMessage | undefined {
  if (!Array.isArray(messages)) return undefined;
  return [...(messages as LooseMessage[])].reverse().find((message) => message?.role === 'user');
}
