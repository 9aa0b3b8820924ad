import { checkToolFields } from './check-tool-fields.js';

/** What is wrong with a chat body, as an OpenAI server words it. */
export interface ChatRequestProblem {
  message: string;
  code: string | null;
}

/** The 400s an OpenAI server sends for a bad body or an unknown model; undefined when the body is fine. */
export function checkChatRequest(body: unknown, models: readonly string[]): ChatRequestProblem | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { message: 'The body must be a JSON object.', code: null };
  const { model, messages, stream, max_tokens: maxTokens } = body as Record<string, unknown>;
  if (typeof model !== 'string') return { message: "'model' is required and must be a string.", code: null };
  if (!models.includes(model)) return { message: `The model '${model}' does not exist or you do not have access to it.`, code: 'model_not_found' };
  if (!Array.isArray(messages) || messages.length === 0) return { message: "'messages' must be a non-empty array.", code: null };
  for (const [index, message] of messages.entries()) {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if (typeof role !== 'string') return { message: `messages[${index}].role must be a string.`, code: null };
    if (content !== null && typeof content !== 'string' && !Array.isArray(content)) {
      return { message: `messages[${index}].content must be a string or an array of parts.`, code: null };
    }
  }
  if (stream !== undefined && typeof stream !== 'boolean') return { message: "'stream' must be a boolean.", code: null };
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) > 0))
    return { message: "'max_tokens' must be a positive integer.", code: null };
  return checkToolFields(body as Record<string, unknown>);
}
