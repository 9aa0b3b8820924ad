import type { ErrorReplyBuilder } from '../shared/apply-common-fault.js';
import { jsonReply, type EmulatorReply, type ReplyHeaders } from '../shared/emulator-reply.js';

/** An OpenAI-style error body. */
export function openAIErrorBody(message: string, type: string, code: string | null = null): unknown {
  return { error: { message, type, param: null, code } };
}

/** An OpenAI-style error answer. */
export function openAIError(options: { status: number; message: string; type: string; code?: string | null; headers?: ReplyHeaders }): EmulatorReply {
  const { status, message, type, code, headers } = options;
  return jsonReply(status, openAIErrorBody(message, type, code ?? null), headers);
}

/** Injected errors, typed as OpenAI types them: 429 rate limit, 5xx server error, else a bad request. */
export const openAIErrorReply: ErrorReplyBuilder = ({ status, message, headers }) => {
  if (status === 429) return openAIError({ status, message, type: 'rate_limit_exceeded', code: 'rate_limit_exceeded', headers });
  return openAIError({ status, message, type: status >= 500 ? 'server_error' : 'invalid_request_error', headers });
};
