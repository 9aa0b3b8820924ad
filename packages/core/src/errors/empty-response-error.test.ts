import { EmptyResponseError } from './empty-response-error.js';

describe('EmptyResponseError', () => {
  it('says which provider and model answered with nothing, and is retryable', () => {
    const error = new EmptyResponseError({ provider: 'dynaspark', model: 'gemini-2.0-flash' });

    expect(error.message).toBe("Provider 'dynaspark' returned an empty answer for model 'gemini-2.0-flash'.");
    expect(error.isRetryable).toBe(true);
  });

  it('takes a custom message', () => {
    expect(new EmptyResponseError({ provider: 'p', model: 'm', message: 'only white space' }).message).toBe('only white space');
  });
});
