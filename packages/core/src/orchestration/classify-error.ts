import { ApiCallError } from '../errors/api-call-error.js';
import { EmptyResponseError } from '../errors/empty-response-error.js';
import type { ErrorKind } from '../errors/error-kind.js';
import { HtmlResponseError } from '../errors/html-response-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { MediaError } from '../errors/media-error.js';
import { ModelNotFoundError } from '../errors/model-not-found-error.js';
import { NetworkError } from '../errors/network-error.js';
import { ProviderNotFoundError } from '../errors/provider-not-found-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ResponseFormatError } from '../errors/response-format-error.js';
import { StreamInterruptedError } from '../errors/stream-interrupted-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { AllProvidersFailedError } from '../errors/all-providers-failed-error.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { StructuredOutputError } from '../errors/structured-output-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';

/** What to do after a failed attempt. */
export type FailureAction = 'retry' | 'fallback' | 'fatal';

export interface ErrorClassification {
  kind: ErrorKind;
  action: FailureAction;
}

/**
 * Decides what a failure means for the rest of the call:
 * - `retry` the same provider: rate limits, 408/409/5xx, other network failures, timeouts, empty or
 *   malformed answers, outage pages (the `isRetryable` decided where the response became an error);
 * - `fallback` to the next provider: a refused connection (nothing listens there), a challenge
 *   page, missing auth (401/403), a model the provider does not serve (404, `ModelNotFoundError`),
 *   an answer that breaks its JSON schema, an open circuit, an unknown plugin error;
 * - `fatal`: the caller's own bad input (other 4xx, invalid arguments, bad media), which no
 *   provider would accept.
 * The caller's abort is handled before classification and never retried.
 */
export function classifyError(error: unknown): ErrorClassification {
  if (TimeoutError.isInstance(error)) return { kind: 'timeout', action: error.phase === 'deadline' ? 'fatal' : 'retry' };
  if (InvalidArgumentError.isInstance(error)) return { kind: 'invalid-argument', action: 'fatal' };
  if (UnsupportedCapabilityError.isInstance(error)) return { kind: 'unsupported-capability', action: 'fatal' };
  // The same model asked the same question tends to break the schema the same way: another
  // provider may do better, a retry on this one rarely does (the prompt fallback has its own repairs).
  if (StructuredOutputError.isInstance(error)) return { kind: 'structured-output', action: 'fallback' };
  if (MediaError.isInstance(error)) return { kind: 'media', action: 'fatal' };
  if (ModelNotFoundError.isInstance(error)) return { kind: 'model-not-found', action: 'fallback' };
  if (ProviderNotFoundError.isInstance(error)) return { kind: 'provider-not-found', action: 'fallback' };
  if (StreamInterruptedError.isInstance(error)) return { kind: 'stream-interrupted', action: 'fatal' };
  if (AllProvidersFailedError.isInstance(error)) return { kind: 'all-providers-failed', action: 'fallback' };
  if (CircuitOpenError.isInstance(error)) return { kind: 'circuit-open', action: 'fallback' };
  // cockatiel marks its circuit errors with a flag (checked instead of its classes, so it loads lazily).
  if ((error as { isBrokenCircuitError?: unknown } | null)?.isBrokenCircuitError === true) return { kind: 'circuit-open', action: 'fallback' };
  if (RateLimitError.isInstance(error)) return { kind: 'rate-limit', action: 'retry' };
  if (HtmlResponseError.isInstance(error)) return { kind: 'html-page', action: error.isRetryable ? 'retry' : 'fallback' };
  if (EmptyResponseError.isInstance(error)) return { kind: 'empty-response', action: 'retry' };
  if (ResponseFormatError.isInstance(error)) return { kind: 'response-format', action: error.isRetryable ? 'retry' : 'fallback' };
  // Nothing listens there: trying the same address again a moment later rarely helps, so move on
  // to the next provider at once instead of sleeping through a backoff (resets and timeouts still retry).
  if (NetworkError.isInstance(error)) return { kind: 'network', action: error.code === 'ECONNREFUSED' ? 'fallback' : 'retry' };
  if (ApiCallError.isInstance(error)) {
    if (error.isRetryable) return { kind: 'api-call', action: 'retry' };
    if (error.status === 401 || error.status === 403) return { kind: 'auth', action: 'fallback' };
    if (error.status === 404) return { kind: 'api-call', action: 'fallback' };
    return { kind: 'api-call', action: 'fatal' };
  }
  return { kind: 'unknown', action: 'fallback' };
}
