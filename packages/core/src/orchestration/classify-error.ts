import type { ApiCallError } from '../errors/api-call-error.js';
import type { ErrorCode } from '../errors/error-code.js';
import type { ErrorKind } from '../errors/error-kind.js';
import type { NetworkError } from '../errors/network-error.js';
import { SwitchboardError } from '../errors/switchboard-error.js';
import type { TimeoutError } from '../errors/timeout-error.js';

/** What to do after a failed attempt. */
export type FailureAction = 'retry' | 'fallback' | 'fatal';

export interface ErrorClassification {
  kind: ErrorKind;
  action: FailureAction;
}

const decide = (kind: ErrorKind, action: FailureAction): ErrorClassification => Object.freeze({ kind, action });
const retryOrFallback = (kind: ErrorKind) => (error: { isRetryable?: unknown }) => decide(kind, error.isRetryable ? 'retry' : 'fallback');

/** What a non-retryable HTTP status means, by status; any other is the caller's fault (`fatal`). */
const BY_STATUS: Readonly<Record<number, ErrorClassification>> = {
  401: decide('auth', 'fallback'),
  403: decide('auth', 'fallback'),
  // A model or path this provider does not have: another provider may.
  404: decide('api-call', 'fallback'),
};

/**
 * What a network failure means, by the system's error code; any other code is retried. Nothing
 * listens at a refused address: trying it again a moment later rarely helps, so move on to the
 * next provider at once instead of sleeping through a back-off.
 */
const BY_SYSTEM_CODE: Readonly<Record<string, ErrorClassification>> = {
  ECONNREFUSED: decide('network', 'fallback'),
};

/**
 * What each error class leads to, by its `code`. Read as a table:
 * - `retry` the same provider: rate limits, 408/409/5xx, other network failures, timeouts, empty or
 *   malformed answers, outage pages (the `isRetryable` decided where the response became an error);
 * - `fallback` to the next provider: a refused connection, a challenge page, missing auth (401/403),
 *   a model the provider does not serve (404, `ModelNotFoundError`), an answer that breaks its JSON
 *   schema (the same model asked again tends to break it the same way), an unknown plugin error;
 * - `fatal`: the caller's own bad input (other 4xx, invalid arguments, bad media), which no
 *   provider would accept, and the call's deadline.
 */
const BY_CODE: { readonly [Code in ErrorCode]: (error: never) => ErrorClassification } = {
  'invalid-argument': () => decide('invalid-argument', 'fatal'),
  'unsupported-capability': () => decide('unsupported-capability', 'fatal'),
  media: () => decide('media', 'fatal'),
  'stream-interrupted': () => decide('stream-interrupted', 'fatal'),
  'structured-output': () => decide('structured-output', 'fallback'),
  'model-not-found': () => decide('model-not-found', 'fallback'),
  'provider-not-found': () => decide('provider-not-found', 'fallback'),
  'all-providers-failed': () => decide('all-providers-failed', 'fallback'),
  'nesting-too-deep': () => decide('nesting-too-deep', 'fatal'),
  'circuit-open': () => decide('circuit-open', 'fallback'),
  timeout: (error: TimeoutError) => decide('timeout', error.phase === 'deadline' ? 'fatal' : 'retry'),
  'rate-limit': () => decide('rate-limit', 'retry'),
  // Refused before sending (a budget is used up, or the store that counts it is down): the same budget refuses again now.
  'budget-exceeded': () => decide('rate-limit', 'fallback'),
  // Never thrown by an attempt (only by a store's connect()); should a plugin throw one, another provider may do.
  'store-connection': () => decide('unknown', 'fallback'),
  'empty-response': () => decide('empty-response', 'retry'),
  'html-page': retryOrFallback('html-page'),
  'response-format': retryOrFallback('response-format'),
  // Not retried: the same provider would likely answer as large again.
  'response-too-large': () => decide('response-too-large', 'fallback'),
  network: (error: NetworkError) => (error.systemCode !== undefined ? BY_SYSTEM_CODE[error.systemCode] : undefined) ?? decide('network', 'retry'),
  'api-call': (error: ApiCallError) =>
    error.isRetryable ? decide('api-call', 'retry') : ((error.status !== undefined ? BY_STATUS[error.status] : undefined) ?? decide('api-call', 'fatal')),
};

const CIRCUIT_OPEN = decide('circuit-open', 'fallback');
const UNKNOWN = decide('unknown', 'fallback');

/**
 * Decides what a failure means for the rest of the call, from the error's fields alone: its
 * `code` (one per error class, the same in every copy of core), then the facts the class carries
 * (`phase`, `isRetryable`, `status`, `systemCode`). The caller's abort is handled before
 * classification and never retried.
 */
export function classifyError(error: unknown): ErrorClassification {
  if (SwitchboardError.isInstance(error)) {
    const rule = Object.hasOwn(BY_CODE, error.code) ? BY_CODE[error.code as ErrorCode] : undefined;
    return rule ? rule(error as never) : UNKNOWN;
  }
  // A call its circuit turned away (CircuitRefusal, as cockatiel's circuit errors do) carries a flag: read instead of a class.
  if ((error as { isBrokenCircuitError?: unknown } | null)?.isBrokenCircuitError === true) return CIRCUIT_OPEN;
  return UNKNOWN;
}
