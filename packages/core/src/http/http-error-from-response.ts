import { ApiCallError } from '../errors/api-call-error.js';
import { HtmlResponseError } from '../errors/html-response-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { parseRetryAfter, type HeaderReader } from './parse-retry-after.js';

/** What is known about a response that must become an error. */
export interface FailedResponse {
  provider: string;
  model: string;
  url: string;
  status: number;
  headers: HeaderReader & { forEach?(callback: (value: string, key: string) => void): void };
  body: string;
  /** Clock for `Retry-After` dates. @default Date.now() */
  now?: number;
}

/**
 * Statuses worth trying again: request timeout, conflict, too many requests, and server errors.
 * Everything else in 4xx was caused by the request and would fail the same way again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const CHALLENGE_MARKERS = /just a moment|cf-chl|challenge-platform|cf_chl_opt|attention required|checking your browser|captcha/i;

/** White space (as `trimStart` skips it) then `<`; linear, as `\s*` is followed by one fixed character. */
const STARTS_WITH_TAG = /^\s*</;

/** True when a body looks like an HTML page rather than the JSON the protocol promises. */
export function looksLikeHtml(body: string, contentType: string | null | undefined): boolean {
  if (contentType?.toLowerCase().includes('text/html')) return true;
  // A body that does not open with a tag is no page: decided without copying it (JSON, the usual answer).
  if (!STARTS_WITH_TAG.test(body)) return false;
  const start = body.trimStart().slice(0, 100).toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<head') || start.startsWith('<body');
}

/**
 * Turns a non-2xx response (or a 2xx HTML page) into the right typed error. This is the one place
 * where retryability is decided for HTTP answers.
 */
export function httpErrorFromResponse(response: FailedResponse): ApiCallError {
  const { provider, model, url, status, headers, body } = response;
  const responseHeaders = headersToRecord(headers);
  const common = { provider, model, url, status, responseBody: body, responseHeaders };
  const contentType = headers.get('content-type');
  const upstream = upstreamMessage(body, contentType);
  // A request for no model in particular (a model list, a status page) is named by its URL.
  const where = `Provider '${provider}' (${model ? `model '${model}'` : url})`;

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers, response.now);
    return new RateLimitError({
      ...common,
      message:
        `${where} is rate limiting requests (HTTP 429)` +
        (retryAfterMs !== undefined ? `; it asks to retry after ${Math.ceil(retryAfterMs)} ms` : '; it gave no Retry-After') +
        (upstream ? `: ${upstream}` : '.'),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (looksLikeHtml(body, contentType)) {
    const isChallenge = headers.get('cf-mitigated') === 'challenge' || CHALLENGE_MARKERS.test(body.slice(0, 4000));
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return new HtmlResponseError({
      ...common,
      isChallenge,
      // A challenge page will not go away by asking again at once; an outage page may.
      isRetryable: !isChallenge && (status >= 500 || status < 300),
      message: isChallenge
        ? `${where} answered HTTP ${status} with a bot-challenge page${title ? ` ('${title}')` : ''} instead of JSON; the service is behind a browser check this client cannot pass.`
        : `${where} answered HTTP ${status} with an HTML page${title ? ` ('${title}')` : ''} instead of JSON; the hosting platform is likely starting or unavailable.`,
    });
  }
  const isRetryable = isRetryableStatus(status);
  const hint = status === 401 || status === 403 ? ' Check the credentials (API key) for this provider.' : status === 404 ? ' Check the base URL and path.' : '';
  return new ApiCallError({
    ...common,
    isRetryable,
    // End the upstream message with a full stop, so a hint after it reads as its own sentence.
    message: `${where} answered HTTP ${status}${upstream ? `: ${upstream}${/[.!?…]$/.test(upstream) ? '' : '.'}` : '.'}${hint}`,
  });
}

/** The service's own error message, from `{"error": "..."}` / `{"error": {"message": "..."}}` or a short text body. */
function upstreamMessage(body: string, contentType: string | null | undefined): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  if (contentType?.includes('json') || trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { error?: unknown; message?: unknown; detail?: unknown };
      const error = parsed.error;
      if (typeof error === 'string') return error;
      if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
        return (error as { message: string }).message;
      }
      if (typeof parsed.message === 'string') return parsed.message;
      if (typeof parsed.detail === 'string') return parsed.detail;
    } catch {
      // Not JSON after all: fall through to the text excerpt.
    }
  }
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

function headersToRecord(headers: FailedResponse['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach?.((value, key) => {
    record[key.toLowerCase()] = value;
  });
  return record;
}
