import { describe, expect, it } from '@jest/globals';
import {
  AllProvidersFailedError,
  ApiCallError,
  CircuitOpenError,
  HtmlResponseError,
  InvalidArgumentError,
  MediaError,
  ModelNotFoundError,
  NetworkError,
  RateLimitError,
  StoreConnectionError,
  StreamInterruptedError,
  TimeoutError,
  type AttemptRecord,
} from '@switchboard/core';
import { GatewayError } from './gateway-error.js';
import { openAIErrorFrom } from './openai-error-from.js';

const where = { provider: 'alpha', model: 'echo' };
const failed = (errorKind: AttemptRecord['errorKind'], provider = 'alpha'): AttemptRecord => ({
  provider,
  model: 'echo',
  attempt: 1,
  outcome: 'error',
  durationMs: 12.4,
  errorKind,
  message: 'nope',
});
const allFailed = (attempts: AttemptRecord[], errors: unknown[] = []) =>
  new AllProvidersFailedError({
    modelId: 'echo',
    reason: attempts.some((attempt) => attempt.outcome === 'error') ? 'all-failed' : 'no-candidates',
    attempts,
    errors,
  });

describe('openAIErrorFrom: the status says whose fault it is', () => {
  it.each([
    ['a bad field', new InvalidArgumentError({ argument: 'messages[1].role', reason: "unknown role 'robot'." }), 400, 'invalid_value', 'messages[1].role'],
    [
      'a bad image',
      new MediaError({ index: 0, path: 'messages[0].content[1]', message: 'messages[0].content[1]: is not a supported image.' }),
      400,
      'invalid_image',
      'messages[0].content[1]',
    ],
    ['too many images for any provider', new MediaError({ index: -1, message: 'no provider can take 3 images' }), 400, 'invalid_image', 'messages'],
    [
      'a bad call setting',
      new InvalidArgumentError({ argument: 'options.temperature', reason: 'expected a number from 0 to 2, got 7.' }),
      400,
      'invalid_value',
      'temperature',
    ],
    ['an unknown model', new ModelNotFoundError({ modelId: 'gtp-4', availableModels: ['gpt-4'], closestModels: ['gpt-4'] }), 404, 'model_not_found', 'model'],
    [
      'the upstream refusing the content',
      new ApiCallError({ ...where, status: 400, isRetryable: false, message: 'max_tokens too large' }),
      400,
      'upstream_invalid_request',
      null,
    ],
    ['a rate limit', new RateLimitError({ ...where, status: 429, message: 'slow down', retryAfterMs: 1500 }), 429, 'rate_limit_exceeded', null],
    ['an upstream 5xx', new ApiCallError({ ...where, status: 500, isRetryable: true, message: 'boom' }), 502, 'upstream_error', null],
    [
      "an upstream 401 (the gateway's key for it, not the client's)",
      new ApiCallError({ ...where, status: 401, isRetryable: false, message: 'bad key' }),
      502,
      'upstream_error',
      null,
    ],
    [
      'an HTML page',
      new HtmlResponseError({ ...where, status: 200, isRetryable: false, isChallenge: false, message: 'an HTML page' }),
      502,
      'upstream_error',
      null,
    ],
    ['a network failure', new NetworkError({ ...where, message: 'ECONNRESET' }), 502, 'upstream_error', null],
    [
      'a stream cut mid-way',
      new StreamInterruptedError({ ...where, deliveredCharacters: 5, deliveredParts: 1, cause: new Error('reset') }),
      502,
      'stream_interrupted',
      null,
    ],
    ['a timeout', new TimeoutError({ phase: 'deadline', timeoutMs: 1000 }), 504, 'timeout', null],
    ['the registry closed', new InvalidArgumentError({ argument: 'registry', reason: 'closed.' }), 503, 'registry_closed', null],
    [
      'the shared store away',
      new StoreConnectionError({ store: 'redis', location: 'redis://127.0.0.1:6379', problem: 'unreachable', message: 'Cannot read a shared document' }),
      503,
      'store_unavailable',
      null,
    ],
    [
      'a gateway refusal',
      new GatewayError({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message: 'no key' }),
      401,
      'invalid_api_key',
      null,
    ],
    [
      'a body over the limit (Fastify)',
      Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }),
      413,
      'request_too_large',
      null,
    ],
    [
      'bad JSON (Fastify)',
      Object.assign(new Error("Unexpected token 'x'"), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
      400,
      'invalid_json',
      null,
    ],
    ['anything else', new TypeError('x is undefined'), 500, 'internal_error', null],
  ])('%s', (_what, error, status, code, param) => {
    const reply = openAIErrorFrom(error);
    expect(reply.status).toBe(status);
    expect(reply.body.error).toMatchObject({ code, param, message: expect.any(String), type: expect.any(String) });
  });

  it('hides the details of unexpected errors (they are logged instead)', () => {
    expect(openAIErrorFrom(new TypeError('secret internal path /srv/app')).body.error.message).not.toContain('/srv/app');
  });

  it('passes the shortest Retry-After on, in seconds and in milliseconds', () => {
    expect(openAIErrorFrom(new RateLimitError({ ...where, status: 429, message: 'slow down', retryAfterMs: 1500 })).headers).toEqual({
      'retry-after': '2',
      'retry-after-ms': '1500',
    });
    const both = allFailed(
      [failed('rate-limit'), failed('rate-limit', 'beta')],
      [
        new RateLimitError({ ...where, status: 429, message: 'a', retryAfterMs: 9000 }),
        new RateLimitError({ ...where, provider: 'beta', status: 429, message: 'b', retryAfterMs: 3000 }),
      ],
    );
    expect(openAIErrorFrom(both)).toMatchObject({ status: 429, headers: { 'retry-after': '3' } });
  });

  it.each([
    ['options.tools[0].parameters', 'tools[0].function.parameters'],
    ['options.toolChoice.name', 'tool_choice.function.name'],
    ['options.responseFormat.schema', 'response_format.schema'],
    ['messages[2].toolCallId', 'messages[2].tool_call_id'],
    ['messages[1].toolCalls[0].name', 'messages[1].tool_calls[0].name'],
    ['options.tools[1].function', 'tools[1].function'],
    ['options.stopSequences[2]', 'stop[2]'],
    ['options.maxOutputTokens', 'max_tokens'],
    ['options.frequencyPenalty', 'frequency_penalty'],
  ])("names the registry's %s as the request field %s, in param and message", (argument, param) => {
    const { body } = openAIErrorFrom(new InvalidArgumentError({ argument, reason: 'is wrong.' }));
    expect(body.error).toMatchObject({ param, message: `Invalid '${param}': is wrong.` });
  });

  it('names the field the client used where two map to one setting (max_completion_tokens)', () => {
    const error = new InvalidArgumentError({ argument: 'options.maxOutputTokens', reason: 'expected a whole number >= 1, got 0.' });
    const { body } = openAIErrorFrom(error, { params: { 'options.maxOutputTokens': 'max_completion_tokens' } });
    expect(body.error).toMatchObject({ param: 'max_completion_tokens', message: "Invalid 'max_completion_tokens': expected a whole number >= 1, got 0." });
  });

  it('maps by code and fields, never by message: a misleading message changes nothing', () => {
    const misleading = new ApiCallError({ ...where, status: 503, isRetryable: true, message: 'HTTP 400: messages[0].content[1] is a bad request' });
    expect(openAIErrorFrom(misleading)).toMatchObject({ status: 502, body: { error: { code: 'upstream_error', param: null } } });
  });

  it('answers an error of core it does not know (a newer code) as an internal error, not a guess', () => {
    const future = Object.assign(new ApiCallError({ ...where, isRetryable: false, message: 'x' }), { code: 'quota-exhausted' });
    expect(openAIErrorFrom(future).status).toBe(500);
  });

  it('names the closest models of an unknown one', () => {
    const { body } = openAIErrorFrom(new ModelNotFoundError({ modelId: 'gtp-4', availableModels: ['gpt-4', 'gpt-4o'], closestModels: ['gpt-4', 'gpt-4o'] }));
    expect(body.error.closest_models).toEqual(['gpt-4', 'gpt-4o']);
    expect(body.error.message).toContain("Did you mean 'gpt-4' or 'gpt-4o'?");
  });

  describe('when every provider failed', () => {
    it('is a 502 listing the attempts', () => {
      const reply = openAIErrorFrom(allFailed([failed('api-call'), failed('network', 'beta')]));
      expect(reply.status).toBe(502);
      expect(reply.headers['x-switchboard-attempts']).toBe('alpha/echo error api-call, beta/echo error network');
      expect(reply.body.error.code).toBe('all_providers_failed');
      expect(reply.body.error.attempts).toEqual([
        { provider: 'alpha', model: 'echo', attempt: 1, outcome: 'error', duration_ms: 12, error_kind: 'api-call', message: 'nope' },
        { provider: 'beta', model: 'echo', attempt: 1, outcome: 'error', duration_ms: 12, error_kind: 'network', message: 'nope' },
      ]);
    });

    it('is a 503 when none could be tried (circuits open, providers down)', () => {
      const skipped: AttemptRecord = { provider: 'alpha', model: 'echo', attempt: 0, outcome: 'skipped', durationMs: 0, errorKind: 'not-working' };
      expect(openAIErrorFrom(allFailed([skipped])).status).toBe(503);
      expect(openAIErrorFrom(allFailed([failed('circuit-open'), failed('circuit-open', 'beta')])).status).toBe(503);
    });

    it('is a 503 with Retry-After when every circuit is open (nothing sent): the time to the next trial', () => {
      const skipped: AttemptRecord = { provider: 'alpha', model: 'echo', attempt: 0, outcome: 'skipped', durationMs: 0, errorKind: 'circuit-open' };
      const reply = openAIErrorFrom(new CircuitOpenError({ modelId: 'echo', providers: [where], retryAfterMs: 12_300, attempts: [skipped] }));

      expect(reply).toMatchObject({ status: 503, headers: { 'retry-after': '13', 'retry-after-ms': '12300' } });
      expect(reply.body.error).toMatchObject({ type: 'server_error', code: 'circuit_open', message: expect.stringContaining('No request was sent') });
    });

    it('is a 504 when they all timed out, a 429 when they were all rate limited', () => {
      expect(openAIErrorFrom(allFailed([failed('timeout'), failed('timeout', 'beta')])).status).toBe(504);
      expect(openAIErrorFrom(allFailed([failed('timeout'), failed('circuit-open')])).status).toBe(504);
      expect(openAIErrorFrom(allFailed([failed('rate-limit'), failed('rate-limit', 'beta')])).status).toBe(429);
    });

    it('is a 400 when nothing was sent because no provider takes what the request needs', () => {
      const skipped: AttemptRecord = { provider: 'alpha', model: 'echo', attempt: 0, outcome: 'skipped', durationMs: 0, errorKind: 'capability' };
      expect(openAIErrorFrom(allFailed([skipped])).status).toBe(400);
    });
  });
});
