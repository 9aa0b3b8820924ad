import { requestSecrets, withoutSecrets } from './request-secrets.js';

describe('requestSecrets', () => {
  it('takes the values of credential headers and query parameters, a bearer token without its scheme, longest first', () => {
    const secrets = requestSecrets(
      { authorization: 'Bearer abcdefgh1234', 'x-api-key': 'k-0123456789', 'content-type': 'application/json', 'x-acme-token': 'short' },
      { key: 'query-key-987', model: 'gemini-2.0-flash-long-name' },
    );

    expect(secrets).toEqual(['query-key-987', 'abcdefgh1234', 'k-0123456789']);
  });
});

describe('withoutSecrets', () => {
  it('replaces every occurrence, and leaves text without them as it was', () => {
    expect(withoutSecrets('key abcdefgh1234 then abcdefgh1234.', ['abcdefgh1234'])).toBe('key [redacted] then [redacted].');
    expect(withoutSecrets('nothing here', ['abcdefgh1234'])).toBe('nothing here');
  });
});
