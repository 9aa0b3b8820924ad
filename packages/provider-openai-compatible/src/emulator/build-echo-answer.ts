/** What the emulator answers: deterministic, so tests can assert on the exact text. */
export interface EchoAnswer {
  /** The answer split into the pieces streamed one per event (one word with its trailing space each). */
  chunks: string[];
  promptTokens: number;
}

interface LooseMessage {
  role?: unknown;
  content?: unknown;
}

/**
 * `Echo from <model>: <last user text>`, plus ` [n images]` when the last user message carries
 * images, so a test sees from the answer alone what reached the server.
 */
export function buildEchoAnswer(model: string, messages: readonly LooseMessage[]): EchoAnswer {
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const images = Array.isArray(lastUser?.content) ? lastUser.content.filter((part: { type?: unknown }) => part?.type === 'image_url').length : 0;
  const text = `Echo from ${model}: ${textOf(lastUser?.content)}${images > 0 ? ` [${images} image${images === 1 ? '' : 's'}]` : ''}`;
  const chunks = text.split(/(?<=\s)/).filter((chunk) => chunk !== '');
  const promptTokens = messages.reduce((total, message) => total + (textOf(message.content).match(/\S+/g)?.length ?? 0), 0);
  return { chunks, promptTokens };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part: { type?: unknown; text?: unknown }) => part?.type === 'text' && typeof part.text === 'string')
    .map((part: { text: string }) => part.text)
    .join('');
}
