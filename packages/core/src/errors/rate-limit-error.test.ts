import { RateLimitError } from './rate-limit-error.js';

describe('RateLimitError', () => {
  it('is always retryable and carries how long the provider asked to wait', () => {
    const error = new RateLimitError({ message: 'HTTP 429', provider: 'dynaspark', model: 'm', status: 429, retryAfterMs: 7000 });

    expect(error.isRetryable).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.status).toBe(429);
  });

  it('has no retryAfterMs when the provider did not say', () => {
    expect(new RateLimitError({ message: 'HTTP 429', provider: 'dynaspark', model: 'm' }).retryAfterMs).toBeUndefined();
  });
});
