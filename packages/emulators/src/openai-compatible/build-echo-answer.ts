import { lastUserMessage, messageText, type LooseMessage } from './message-text.js';

/** What the emulator answers: deterministic, so tests can assert on the exact text. */
export interface EchoAnswer {
  /** The whole answer. */
  text: string;
  /** What it echoes: the last user text (images not counted), or the tool results. */
  subject: string;
  /** The answer split into the pieces streamed one per event (one word with its trailing space each). */
  chunks: string[];
  promptTokens: number;
}

/**
 * `Echo from <model>: <last user text>`, plus ` [n images]` when the last user message carries
 * images, so a test sees from the answer alone what reached the server. After tool results (the
 * conversation ends with `tool` messages), `Echo from <model>: <tool>: <result>; …` instead: an
 * agent loop that sends the results back gets a text answer, and ends.
 */
export function buildEchoAnswer(model: string, messages: readonly LooseMessage[]): EchoAnswer {
  const results = toolResults(messages);
  const lastUser = lastUserMessage(messages);
  const images = Array.isArray(lastUser?.content) ? lastUser.content.filter((part: { type?: unknown }) => part?.type === 'image_url').length : 0;
  const subject = results ?? messageText(lastUser?.content);
  const text = `Echo from ${model}: ${subject}${results === undefined && images > 0 ? ` [${images} image${images === 1 ? '' : 's'}]` : ''}`;
  const chunks = text.split(/(?<=\s)/).filter((chunk) => chunk !== '');
  const promptTokens = messages.reduce((total, message) => total + (messageText(message.content).match(/\S+/g)?.length ?? 0), 0);
  return { text, subject, chunks, promptTokens };
}

/** `<tool>: <result>; …` for the tool messages that end the conversation, or undefined when it does not end with one. */
function toolResults(messages: readonly LooseMessage[]): string | undefined {
  const start = messages.findLastIndex((message) => message?.role !== 'tool') + 1;
  if (start === messages.length) return undefined;
  const calls = (messages[start - 1]?.tool_calls ?? []) as { id?: unknown; function?: { name?: unknown } }[];
  // By id once, not a search per result: a replayed tool loop may answer a hundred thousand calls.
  const names = new Map(calls.map((call) => [call?.id, call?.function?.name]));
  return messages
    .slice(start)
    .map((result) => `${names.get(result.tool_call_id) ?? 'tool'}: ${messageText(result.content)}`)
    .join('; ');
}
