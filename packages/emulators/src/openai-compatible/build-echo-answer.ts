import { lastUserMessage, messageText, type LooseMessage } from './message-text.js';

/** What the emulator answers: deterministic, so tests can assert on the exact text. */
export interface EchoAnswer {
  /** The answer split into the pieces streamed one per event (one word with its trailing space each). */
  chunks: string[];
  promptTokens: number;
}

/**
 * `Echo from <model>: <last user text>`, plus ` [n images]` when the last user message carries
 * images, so a test sees from the answer alone what reached the server.
 */
export function buildEchoAnswer(model: string, messages: readonly LooseMessage[]): EchoAnswer {
  const lastUser = lastUserMessage(messages);
  const images = Array.isArray(lastUser?.content) ? lastUser.content.filter((part: { type?: unknown }) => part?.type === 'image_url').length : 0;
  const text = `Echo from ${model}: ${messageText(lastUser?.content)}${images > 0 ? ` [${images} image${images === 1 ? '' : 's'}]` : ''}`;
  const chunks = text.split(/(?<=\s)/).filter((chunk) => chunk !== '');
  const promptTokens = messages.reduce((total, message) => total + (messageText(message.content).match(/\S+/g)?.length ?? 0), 0);
  return { chunks, promptTokens };
}
