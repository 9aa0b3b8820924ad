import { ApiCallError } from '@switchboard/core/provider';
import type { ResponseContext } from './response-context.js';

/** OpenAI error types and codes that mean the request itself is wrong: asking again cannot help. */
const CALLER_FAULTS = /invalid_request|invalid_api_key|authentication|permission|context_length|model_not_found/i;

/**
 * An `{"error": ...}` object that arrived with a 2xx status (inside a stream, or as a JSON body)
 * as an `ApiCallError`. Such errors are usually the server failing mid-generation (overloaded,
 * out of memory), so they are retryable unless the type or code says the request was at fault.
 */
export function upstreamErrorFrom(error: unknown, body: string, context: ResponseContext): ApiCallError {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message = typeof error === 'string' ? error : typeof fields.message === 'string' ? fields.message : JSON.stringify(error);
  const kind = [fields.type, fields.code].filter((value) => typeof value === 'string').join(' ');
  return new ApiCallError({
    ...context,
    message: `Provider '${context.provider}' (model '${context.model}') reported an error inside its answer: ${message}`,
    isRetryable: !CALLER_FAULTS.test(kind),
    responseBody: body,
  });
}
