import { describe, expect, it } from '@jest/globals';
import { AllProvidersFailedError, type AttemptRecord, ModelNotFoundError, RateLimitError } from '@switchboard/core';
import { GatewayError } from './gateway-error.js';
import { anthropicErrorFrom, anthropicErrorType } from './anthropic-error-from.js';
import { openAIErrorFrom } from './openai-error-from.js';

describe('anthropicErrorFrom', () => {
  it.each<[status: number, type: string]>([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [408, 'timeout_error'],
    [413, 'request_too_large'],
    [415, 'invalid_request_error'],
    [422, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'timeout_error'],
  ])('names status %i %s', (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
  });

  it('answers with the same status, headers, message and code as the OpenAI shape, in Anthropic’s shape', () => {
    const errors = [
      new ModelNotFoundError({ modelId: 'ecko', availableModels: ['echo'], closestModels: ['echo'] }),
      new RateLimitError({ provider: 'alpha', model: 'echo', status: 429, message: 'slow down', retryAfterMs: 2_000 }),
      new GatewayError({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message: 'No key.', headers: { 'www-authenticate': 'Bearer' } }),
    ];
    for (const error of errors) {
      const openAI = openAIErrorFrom(error);
      const anthropic = anthropicErrorFrom(error);
      const { type: _type, ...facts } = openAI.body.error;
      expect(anthropic).toMatchObject({
        status: openAI.status,
        headers: openAI.headers,
        body: { type: 'error', error: { type: anthropicErrorType(openAI.status), ...facts } },
      });
    }
  });

  it('keeps the attempts of a call that failed on every provider', () => {
    const attempts: AttemptRecord[] = [{ provider: 'alpha', model: 'echo', attempt: 1, outcome: 'error', durationMs: 3, errorKind: 'api-call' }];
    const error = new AllProvidersFailedError({ modelId: 'echo', reason: 'all-failed', attempts, errors: [new Error('boom')] });
    expect(anthropicErrorFrom(error).body.error).toMatchObject({
      type: 'api_error',
      code: 'all_providers_failed',
      attempts: [{ provider: 'alpha', error_kind: 'api-call' }],
    });
  });
});
