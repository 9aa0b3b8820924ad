import type { ErrorReply } from '../pipeline/api-face.js';
import { type OpenAIErrorBody, type OpenAIErrorContext, openAIErrorFrom } from './openai-error-from.js';

/** Any error as OpenAI's APIs answer it (chat completions and responses share the shape), with its summary for logs and the dashboard. */
export function openAIErrorReply(error: unknown, context?: OpenAIErrorContext): ErrorReply<OpenAIErrorBody> {
  const { status, headers, body } = openAIErrorFrom(error, context);
  return { status, headers, body, summary: { code: body.error.code, message: body.error.message } };
}
