import { ApiCallError, EmptyResponseError, httpErrorFromResponse, NetworkError, ResponseFormatError, TimeoutError } from '@switchboard/core/provider';

/**
 * A failure of one of core's error classes, described by what happened:
 * - `api-call`: an HTTP answer with that status (and body, headers), typed by core exactly as a
 *   real one would be (429 is a `RateLimitError`, an HTML body an `HtmlResponseError`, 5xx retryable);
 * - `rate-limit`: a `RateLimitError`, with `retryAfterMs` when given;
 * - `html`: an `HtmlResponseError` (an outage page, or a bot challenge with `challenge`);
 * - `response-format`: a `ResponseFormatError` (malformed JSON, a missing field);
 * - `empty`: an `EmptyResponseError`;
 * - `network`: a `NetworkError` with `systemCode` (default `ECONNRESET`);
 * - `timeout`: a `TimeoutError` of phase `attempt`.
 */
export type MockFailure =
  | { kind: 'api-call'; status: number; body?: string; headers?: Readonly<Record<string, string>> }
  | { kind: 'rate-limit'; retryAfterMs?: number }
  | { kind: 'html'; status?: number; challenge?: boolean }
  | { kind: 'response-format'; body?: string }
  | { kind: 'empty' }
  | { kind: 'network'; systemCode?: string }
  | { kind: 'timeout'; timeoutMs?: number };

/** Where the failure happened, for the error's facts. */
export interface FailureContext {
  provider: string;
  model: string;
  url: string;
}

/** The error a {@link MockFailure} stands for. */
export function errorFromFailure(failure: MockFailure, context: FailureContext): Error {
  const { provider, model, url } = context;
  const where = `Provider '${provider}' (model '${model}')`;
  switch (failure.kind) {
    case 'api-call':
      return answered(context, failure.status, failure.body ?? JSON.stringify({ error: `mock HTTP ${failure.status}` }), failure.headers);
    case 'rate-limit':
      return answered(
        context,
        429,
        JSON.stringify({ error: 'mock rate limit' }),
        failure.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(failure.retryAfterMs) },
      );
    case 'html':
      return answered(
        context,
        failure.status ?? (failure.challenge ? 403 : 503),
        failure.challenge ? '<!DOCTYPE html><title>Just a moment...</title>' : '<!DOCTYPE html><title>Service waking up</title>',
        { 'content-type': 'text/html', ...(failure.challenge ? { 'cf-mitigated': 'challenge' } : {}) },
      );
    case 'response-format':
      return new ResponseFormatError({
        provider,
        model,
        url,
        status: 200,
        responseBody: failure.body ?? '{"respo',
        message: `${where} answered malformed JSON (mock).`,
      });
    case 'empty':
      return new EmptyResponseError({ provider, model, url, status: 200 });
    case 'network': {
      const systemCode = failure.systemCode ?? 'ECONNRESET';
      return new NetworkError({ provider, model, url, systemCode, message: `${where} could not be reached at ${url}: ${systemCode} (mock).` });
    }
    case 'timeout':
      return new TimeoutError({ phase: 'attempt', timeoutMs: failure.timeoutMs ?? 1_000, provider, model });
    default:
      return new ApiCallError({ provider, model, url, isRetryable: false, message: `${where}: unknown mock failure ${JSON.stringify(failure)}.` });
  }
}

/** The error core makes of this HTTP answer: retryability and subclass decided where real answers are typed. */
function answered({ provider, model, url }: FailureContext, status: number, body: string, headers: Readonly<Record<string, string>> = {}): Error {
  return httpErrorFromResponse({ provider, model, url, status, headers: new Headers({ 'content-type': 'application/json', ...headers }), body });
}
