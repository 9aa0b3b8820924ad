import { describe, expect, it } from '@jest/globals';
import { createApiKeyCheck } from './create-api-key-check.js';

describe('createApiKeyCheck', () => {
  const check = createApiKeyCheck('sk-gateway-secret');

  it('lets in the key as a bearer token (OpenAI clients) or as x-api-key (Anthropic clients)', () => {
    expect(check({ authorization: 'Bearer sk-gateway-secret' })).toBeUndefined();
    expect(check({ 'x-api-key': 'sk-gateway-secret' })).toBeUndefined();
    expect(check({ authorization: 'Bearer sk-wrong', 'x-api-key': 'sk-gateway-secret' })).toBeUndefined();
  });

  it('says why a request is refused: no key, or a wrong one in which header', () => {
    expect(check({})).toBe('missing');
    expect(check({ authorization: 'Bearer sk-gateway' })).toBe('authorization');
    expect(check({ 'x-api-key': 'sk-gateway-secret-and-more' })).toBe('x-api-key');
    expect(check({ 'x-api-key': 'Bearer sk-gateway-secret' })).toBe('x-api-key');
  });
});
