import { StreamInterruptedError } from './stream-interrupted-error.js';

describe('StreamInterruptedError', () => {
  it('says how much was delivered, that there is no fallback, and why it failed', () => {
    const cause = new Error('socket hang up');
    const error = new StreamInterruptedError({ provider: 'dynaspark', model: 'gemini-2.0-flash', deliveredCharacters: 42, deliveredParts: 3, cause });

    expect(error.message).toBe(
      "The stream from provider 'dynaspark' (model 'gemini-2.0-flash') failed after 42 characters in 3 parts had been delivered; " +
        'not falling back, so output is never mixed from two providers. Cause: socket hang up',
    );
    expect(error).toMatchObject({ provider: 'dynaspark', model: 'gemini-2.0-flash', deliveredCharacters: 42, deliveredParts: 3, cause });
  });

  it('describes a cause that is not an Error', () => {
    const error = new StreamInterruptedError({ provider: 'p', model: 'm', deliveredCharacters: 1, deliveredParts: 1, cause: 'reset' });

    expect(error.message).toMatch(/Cause: reset$/);
  });
});
