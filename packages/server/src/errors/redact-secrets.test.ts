import { describe, expect, it } from '@jest/globals';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    ['a bearer token', 'Invalid header Bearer sk-proj-Zq8mN3vR7tY2wX5c', 'Invalid header Bearer [redacted]'],
    ['an x-api-key header', 'x-api-key: 0123456789abcdef was refused', 'x-api-key: [redacted] was refused'],
    ['a key in JSON', '{"api_key": "abcd1234"}', '{"api_key": "[redacted]"}'],
    ['an OpenAI key alone', 'Incorrect API key provided: sk-ant-api03-abcdefgh.', 'Incorrect API key provided: [redacted key].'],
    ['a Google key', 'key AIzaSyA1234567890abcdefghijk invalid', 'key [redacted key] invalid'],
    ['a URL with credentials and a query', 'at https://user:pw@llm.example.com:8443/v1?key=abc.', 'at [redacted url].'],
    ['an address and port', 'connect ECONNREFUSED 10.0.0.5:11434', 'connect ECONNREFUSED [redacted address]'],
    ['an IPv6 address', 'from [fd00:ec2::254]:80 and fe80::1', 'from [redacted address] and [redacted address]'],
    ['an internal host with a port', 'via redis.internal:6379', 'via [redacted host]'],
    ['an internal host without one', 'getaddrinfo ENOTFOUND vault.svc.cluster.local', 'getaddrinfo ENOTFOUND [redacted host]'],
    ['a JWT', 'token eyJhbGciOiJI.eyJzdWIiOiIx.c2lnbmF0dXJl', 'token [redacted]'],
  ])('takes out %s', (_what, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('keeps what a client can use: the status, the explanation, model names, versions, times', () => {
    const text = "Provider 'local' (model 'gpt-4o-mini') answered HTTP 503: overloaded since 12:30, retry in 2.5 s (v1.2.3).";
    expect(redactSecrets(text)).toBe(text);
  });

  it('runs in linear time on text made to make regular expressions backtrack', () => {
    for (const text of ['a-'.repeat(100_000), 'a.'.repeat(100_000), 'eyJ-'.repeat(50_000), '1:'.repeat(100_000), `${'a'.repeat(200_000)}:`]) {
      const started = performance.now();
      redactSecrets(text);
      // Generous for a shared machine: a quadratic pattern takes minutes on these.
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it('cuts text longer than 4 KiB', () => {
    expect(redactSecrets('x'.repeat(10_000))).toHaveLength(4097);
  });
});
