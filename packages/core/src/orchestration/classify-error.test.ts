import { describe, expect, it } from '@jest/globals';
import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import { AllProvidersFailedError } from '../errors/all-providers-failed-error.js';
import { ApiCallError } from '../errors/api-call-error.js';
import { EmptyResponseError } from '../errors/empty-response-error.js';
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
import { httpErrorFromResponse } from '../http/http-error-from-response.js';
import { classifyError } from './classify-error.js';

const at = { provider: 'alpha', model: 'echo' };

/** The error the HTTP boundary makes of a response: the classification must hold for what providers really throw. */
function fromStatus(status: number, body = '{"error":"nope"}', headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return httpErrorFromResponse({ ...at, url: 'http://127.0.0.1/x', status, headers: new Headers(headers), body });
}

describe('classifyError: HTTP statuses, as the HTTP boundary types them', () => {
  it.each([
    [400, 'api-call', 'fatal'],
    [401, 'auth', 'fallback'],
    [403, 'auth', 'fallback'],
    [404, 'api-call', 'fallback'],
    [408, 'api-call', 'retry'],
    [409, 'api-call', 'retry'],
    [413, 'api-call', 'fatal'],
    [422, 'api-call', 'fatal'],
    [429, 'rate-limit', 'retry'],
    [500, 'api-call', 'retry'],
    [502, 'api-call', 'retry'],
    [503, 'api-call', 'retry'],
    [504, 'api-call', 'retry'],
  ] as const)('HTTP %i -> %s / %s', (status, kind, action) => {
    expect(classifyError(fromStatus(status))).toEqual({ kind, action });
  });

  it("a 429 with a Retry-After is a retry too (the delay is the loop's business)", () => {
    const error = fromStatus(429, '', { 'retry-after': '120' });
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(120_000);
    expect(classifyError(error)).toEqual({ kind: 'rate-limit', action: 'retry' });
  });

  it('a platform outage page (HTML 503, or HTML with 200) is retried', () => {
    expect(classifyError(fromStatus(503, '<!DOCTYPE html><title>Service Unavailable</title>', { 'content-type': 'text/html' }))).toEqual({
      kind: 'html-page',
      action: 'retry',
    });
    expect(classifyError(fromStatus(200, '<html><body>site</body></html>', { 'content-type': 'text/html' }))).toEqual({ kind: 'html-page', action: 'retry' });
  });

  it('a bot-challenge page falls back at once (asking again cannot pass it)', () => {
    const byHeader = fromStatus(403, '<html><title>Just a moment...</title></html>', { 'content-type': 'text/html', 'cf-mitigated': 'challenge' });
    const byBody = fromStatus(503, '<html><div id="challenge-platform"></div></html>', { 'content-type': 'text/html' });

    expect(classifyError(byHeader)).toEqual({ kind: 'html-page', action: 'fallback' });
    expect(classifyError(byBody)).toEqual({ kind: 'html-page', action: 'fallback' });
  });
});

describe('classifyError: every error class', () => {
  it.each<[string, unknown, string, string]>([
    ['TimeoutError (attempt)', new TimeoutError({ phase: 'attempt', timeoutMs: 1 }), 'timeout', 'retry'],
    ['TimeoutError (first-chunk)', new TimeoutError({ phase: 'first-chunk', timeoutMs: 1 }), 'timeout', 'retry'],
    ['TimeoutError (deadline)', new TimeoutError({ phase: 'deadline', timeoutMs: 1 }), 'timeout', 'fatal'],
    ['InvalidArgumentError', new InvalidArgumentError({ argument: 'x', reason: 'bad' }), 'invalid-argument', 'fatal'],
    ['MediaError', new MediaError({ message: 'too big', index: 0 }), 'media', 'fatal'],
    ['ModelNotFoundError', new ModelNotFoundError({ modelId: 'm', availableModels: [], closestModels: [] }), 'model-not-found', 'fallback'],
    ['ProviderNotFoundError', new ProviderNotFoundError({ providerId: 'p', availableProviders: [], closestProviders: [] }), 'provider-not-found', 'fallback'],
    [
      'StreamInterruptedError',
      new StreamInterruptedError({ ...at, deliveredCharacters: 1, deliveredParts: 1, cause: new Error('x') }),
      'stream-interrupted',
      'fatal',
    ],
    [
      'AllProvidersFailedError',
      new AllProvidersFailedError({ modelId: 'm', reason: 'all-failed', attempts: [], errors: [] }),
      'all-providers-failed',
      'fallback',
    ],
    ['BrokenCircuitError', new BrokenCircuitError(), 'circuit-open', 'fallback'],
    ['IsolatedCircuitError', new IsolatedCircuitError(), 'circuit-open', 'fallback'],
    ['RateLimitError', new RateLimitError({ ...at, message: '429' }), 'rate-limit', 'retry'],
    ['HtmlResponseError (outage)', new HtmlResponseError({ ...at, message: 'html', isRetryable: true, isChallenge: false }), 'html-page', 'retry'],
    ['HtmlResponseError (challenge)', new HtmlResponseError({ ...at, message: 'html', isRetryable: false, isChallenge: true }), 'html-page', 'fallback'],
    ['EmptyResponseError', new EmptyResponseError(at), 'empty-response', 'retry'],
    ['ResponseFormatError', new ResponseFormatError({ ...at, message: 'bad json' }), 'response-format', 'retry'],
    ['ResponseFormatError (not retryable)', new ResponseFormatError({ ...at, message: 'html', isRetryable: false }), 'response-format', 'fallback'],
    ['NetworkError', new NetworkError({ ...at, message: 'ECONNRESET', systemCode: 'ECONNRESET' }), 'network', 'retry'],
    ['ApiCallError (retryable, no status)', new ApiCallError({ ...at, message: 'x', isRetryable: true }), 'api-call', 'retry'],
    ['ApiCallError (not retryable, no status)', new ApiCallError({ ...at, message: 'x', isRetryable: false }), 'api-call', 'fatal'],
    ['a plain Error from a plugin', new Error('boom'), 'unknown', 'fallback'],
    ['a thrown string', 'boom', 'unknown', 'fallback'],
    ['undefined', undefined, 'unknown', 'fallback'],
  ])('%s -> %s / %s', (_name, error, kind, action) => {
    expect(classifyError(error)).toEqual({ kind, action });
  });

  it('recognises errors from another copy of core by their marker and fields, not instanceof', () => {
    const marked = { [Symbol.for('switchboard.error.SwitchboardError')]: true };
    const foreign = Object.assign(new Error('429 from a bundled copy'), marked, { code: 'rate-limit' });
    const refused = Object.assign(new Error('refused, in a bundled copy'), marked, { code: 'network', systemCode: 'ECONNREFUSED' });

    expect(classifyError(foreign)).toEqual({ kind: 'rate-limit', action: 'retry' });
    expect(classifyError(refused)).toEqual({ kind: 'network', action: 'fallback' });
  });

  it('reads fields, never messages: an error whose message says one thing and whose code says another goes by the code', () => {
    const misleading = new ApiCallError({ ...at, status: 503, isRetryable: true, message: 'HTTP 401 Unauthorized: rate limit exceeded' });

    expect(classifyError(misleading)).toEqual({ kind: 'api-call', action: 'retry' });
  });

  it('a code this copy of core does not know is an unknown failure, tried elsewhere', () => {
    const future = Object.assign(new Error('from a newer core'), { [Symbol.for('switchboard.error.SwitchboardError')]: true, code: 'quota-exhausted' });

    expect(classifyError(future)).toEqual({ kind: 'unknown', action: 'fallback' });
  });
});
