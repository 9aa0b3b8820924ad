import { EmptyResponseError, HtmlResponseError, ResponseFormatError } from '@switchboard/core/provider';
import { thrown } from '@switchboard/core/testing';
import { parseResponse } from './parse-response.js';

const answer = (body: string, contentType = 'application/json') => ({
  provider: 'dynaspark',
  model: 'gemini-2.0-flash',
  url: 'http://127.0.0.1/generate_response',
  status: 200,
  contentType,
  headers: () => new Headers({ 'content-type': contentType }),
  body,
});

describe('parseResponse', () => {
  it('returns the response text', () => {
    expect(parseResponse(answer('{"response":"Hello!"}'))).toEqual({ text: 'Hello!' });
  });

  it('reads usage from the documented API', () => {
    expect(parseResponse(answer('{"response":"Hi","usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}')).usage).toEqual({
      promptTokens: 1,
      completionTokens: 2,
      totalTokens: 3,
    });
  });

  it('reports an HTML page served with 200 as such, not as a JSON crash', () => {
    const error = thrown(() => parseResponse(answer('<!DOCTYPE html><html><title>Waking up</title></html>', 'text/html')));
    expect(HtmlResponseError.isInstance(error)).toBe(true);
    expect((error as HtmlResponseError).message).toContain('HTML page');
    expect((error as HtmlResponseError).message).toContain('Waking up');
  });

  it('recognises a challenge page even when labelled as JSON', () => {
    const error = thrown(() => parseResponse(answer('<html><title>Just a moment...</title></html>')));
    expect(HtmlResponseError.isInstance(error) && error.isChallenge).toBe(true);
  });

  it('reports malformed JSON as a response-format error with the body excerpt', () => {
    const error = thrown(() => parseResponse(answer('{"response": "trunc')));
    expect(ResponseFormatError.isInstance(error)).toBe(true);
    expect((error as ResponseFormatError).responseBody).toBe('{"response": "trunc');
    expect((error as ResponseFormatError).message).toContain('not JSON');
  });

  it('reports a missing response field, naming the fields that came', () => {
    const error = thrown(() => parseResponse(answer('{"result":"x"}')));
    expect(ResponseFormatError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('"result"');
  });

  it('passes the service error message on when it came with 200', () => {
    const error = thrown(() => parseResponse(answer('{"error":"quota"}')));
    expect((error as Error).message).toContain('The service said: quota');
  });

  it('treats an empty or blank answer as a failure', () => {
    expect(EmptyResponseError.isInstance(thrown(() => parseResponse(answer('{"response":""}'))))).toBe(true);
    expect(EmptyResponseError.isInstance(thrown(() => parseResponse(answer('{"response":"   "}'))))).toBe(true);
  });

  it('judges blank as Python does: U+0085 alone is empty, U+FEFF alone is an answer', () => {
    expect(EmptyResponseError.isInstance(thrown(() => parseResponse(answer('{"response":"\\u0085\\u001f"}'))))).toBe(true);
    expect(parseResponse(answer('{"response":"\\ufeff"}'))).toEqual({ text: '\ufeff' });
  });
});
