import type { ErrorReply } from '../pipeline/api-face.js';
import { type OpenAIErrorBody, type OpenAIErrorContext, openAIErrorFrom } from './openai-error-from.js';

/** The `type` of an Anthropic error body. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

/** Anthropic's error body, `{ type: 'error', error: { type, message } }`, with the facts Switchboard adds (its stable `code`, the field at fault, the attempts). */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType } & Omit<OpenAIErrorBody['error'], 'type'>;
}

/**
 * Anthropic's error type for each status the gateway answers with. The status itself (whose
 * fault, what to do) is decided once, by `openAIErrorFrom`, for every API: this table only
 * renames it, so the three routes can never disagree about an error.
 */
const TYPE_BY_STATUS: Readonly<Record<number, AnthropicErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  431: 'invalid_request_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
};

/** The Anthropic error type of a status: the table's, else by class (other 4xx are the request's, other 5xx the gateway's). */
export function anthropicErrorType(status: number): AnthropicErrorType {
  return TYPE_BY_STATUS[status] ?? (status < 500 ? 'invalid_request_error' : 'api_error');
}

/** Any error as Anthropic's Messages API answers it: the same status, headers and message as on the other routes, in Anthropic's shape. */
export function anthropicErrorFrom(error: unknown, context?: OpenAIErrorContext): ErrorReply<AnthropicErrorBody> {
  const { status, headers, body } = openAIErrorFrom(error, context);
  const { type: _openAIType, ...facts } = body.error;
  return {
    status,
    headers,
    body: { type: 'error', error: { type: anthropicErrorType(status), ...facts } },
    summary: { code: facts.code, message: facts.message },
  };
}
