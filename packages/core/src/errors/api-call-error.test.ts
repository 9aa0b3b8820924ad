import { ApiCallError, RESPONSE_BODY_EXCERPT_LENGTH } from './api-call-error.js';

const base = { message: 'HTTP 500', provider: 'dynaspark', model: 'gemini-2.0-flash', isRetryable: true };

describe('ApiCallError', () => {
  it('carries the facts of the failed call', () => {
    const cause = new Error('upstream');
    const error = new ApiCallError({
      ...base,
      url: 'http://127.0.0.1:8787/generate_response',
      status: 500,
      responseBody: '{"error":"boom"}',
      responseHeaders: { 'content-type': 'application/json' },
      cause,
    });

    expect(error).toMatchObject({
      message: 'HTTP 500',
      provider: 'dynaspark',
      model: 'gemini-2.0-flash',
      url: 'http://127.0.0.1:8787/generate_response',
      status: 500,
      isRetryable: true,
      responseBody: '{"error":"boom"}',
      responseHeaders: { 'content-type': 'application/json' },
      cause,
    });
  });

  it('leaves optional facts undefined when no response arrived', () => {
    const error = new ApiCallError({ ...base, isRetryable: false });

    expect(error.isRetryable).toBe(false);
    expect(error.url).toBeUndefined();
    expect(error.status).toBeUndefined();
    expect(error.responseBody).toBeUndefined();
    expect(error.responseHeaders).toBeUndefined();
  });

  it(`keeps a body of up to ${RESPONSE_BODY_EXCERPT_LENGTH} characters as is`, () => {
    const body = 'a'.repeat(RESPONSE_BODY_EXCERPT_LENGTH);

    expect(new ApiCallError({ ...base, responseBody: body }).responseBody).toBe(body);
  });

  it(`cuts a longer body to its first ${RESPONSE_BODY_EXCERPT_LENGTH} characters and marks the cut`, () => {
    const page = `<!doctype html>${'x'.repeat(10_000)}`;
    const error = new ApiCallError({ ...base, responseBody: page });

    expect(error.responseBody).toBe(`${page.slice(0, RESPONSE_BODY_EXCERPT_LENGTH)}…`);
    expect(error.responseBody).toHaveLength(RESPONSE_BODY_EXCERPT_LENGTH + 1);
  });

  it('keeps an empty body', () => {
    expect(new ApiCallError({ ...base, responseBody: '' }).responseBody).toBe('');
  });
});
