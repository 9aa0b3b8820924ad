import { describe, expect, it } from '@jest/globals';
import type { ResolvedClientKey } from './client-key.js';
import { createApiKeyCheck } from './create-api-key-check.js';

const alice: ResolvedClientKey = { name: 'alice', models: undefined, budget: undefined };
const bob: ResolvedClientKey = { name: 'bob', models: new Set(['fast']), budget: { name: 'key:bob', rpm: 5 } };

describe('createApiKeyCheck', () => {
  const check = createApiKeyCheck({ apiKey: 'sk-gateway-secret', keys: new Map() });

  it('lets in the key as a bearer token (OpenAI clients) or as x-api-key (Anthropic clients)', () => {
    expect(check({ authorization: 'Bearer sk-gateway-secret' })).toEqual({ caller: 'api-key' });
    expect(check({ 'x-api-key': 'sk-gateway-secret' })).toEqual({ caller: 'api-key' });
    expect(check({ authorization: 'Bearer sk-wrong', 'x-api-key': 'sk-gateway-secret' })).toEqual({ caller: 'api-key' });
  });

  it('accepts the bearer scheme in any case', () => {
    expect(check({ authorization: 'bearer sk-gateway-secret' })).toEqual({ caller: 'api-key' });
  });

  it('says why a request is refused: no key, or a wrong one in which header', () => {
    expect(check({})).toEqual({ refusal: 'missing' });
    expect(check({ authorization: 'Bearer sk-gateway' })).toEqual({ refusal: 'authorization' });
    expect(check({ 'x-api-key': 'sk-gateway-secret-and-more' })).toEqual({ refusal: 'x-api-key' });
    expect(check({ 'x-api-key': 'Bearer sk-gateway-secret' })).toEqual({ refusal: 'x-api-key' });
  });

  it('refuses another scheme, a bare key in Authorization, a wrong key, a prefix of the key and a longer one', () => {
    for (const authorization of [
      'Basic sk-gateway-secret',
      'sk-gateway-secret',
      'Bearer sk-gateway-wrong',
      'Bearer sk-gateway',
      'Bearer sk-gateway-secret-and-more',
    ])
      expect(check({ authorization })).toEqual({ refusal: 'authorization' });
  });
});

describe('createApiKeyCheck with client keys', () => {
  const check = createApiKeyCheck({
    apiKey: 'sk-gateway-secret',
    keys: new Map([
      ['sk-alice-1', alice],
      ['sk-bob-2', bob],
    ]),
  });

  it('says which client key a request carries, in either header', () => {
    expect(check({ authorization: 'Bearer sk-alice-1' })).toEqual({ caller: alice });
    expect(check({ 'x-api-key': 'sk-bob-2' })).toEqual({ caller: bob });
    expect(check({ authorization: 'Bearer sk-gateway-secret' })).toEqual({ caller: 'api-key' });
    expect(check({ authorization: 'Bearer sk-alice-' })).toEqual({ refusal: 'authorization' });
  });

  it('works with client keys alone (no apiKey)', () => {
    const keysOnly = createApiKeyCheck({ apiKey: undefined, keys: new Map([['sk-alice-1', alice]]) });
    expect(keysOnly({ authorization: 'Bearer sk-alice-1' })).toEqual({ caller: alice });
    expect(keysOnly({ authorization: 'Bearer sk-gateway-secret' })).toEqual({ refusal: 'authorization' });
  });
});
