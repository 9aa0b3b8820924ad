import { describe, expect, it } from '@jest/globals';
import { createBearerCheck } from './create-bearer-check.js';

describe('createBearerCheck', () => {
  const check = createBearerCheck('sk-gateway-secret');

  it("accepts the key as a bearer token, whatever the scheme's case", () => {
    expect(check('Bearer sk-gateway-secret')).toBe(true);
    expect(check('bearer sk-gateway-secret')).toBe(true);
  });

  it('refuses a missing header, another scheme, a wrong key, a prefix of the key and a longer one', () => {
    expect(check(undefined)).toBe(false);
    expect(check('Basic sk-gateway-secret')).toBe(false);
    expect(check('sk-gateway-secret')).toBe(false);
    expect(check('Bearer sk-gateway-wrong')).toBe(false);
    expect(check('Bearer sk-gateway')).toBe(false);
    expect(check('Bearer sk-gateway-secret-and-more')).toBe(false);
  });
});
