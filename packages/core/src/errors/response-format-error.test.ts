import { ResponseFormatError } from './response-format-error.js';

const base = { message: 'not JSON', provider: 'dynaspark', model: 'm' };

describe('ResponseFormatError', () => {
  it('is retryable unless said otherwise', () => {
    expect(new ResponseFormatError(base).isRetryable).toBe(true);
    expect(new ResponseFormatError({ ...base, isRetryable: false }).isRetryable).toBe(false);
  });
});
