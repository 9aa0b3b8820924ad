import { ApiCallError, RESPONSE_BODY_EXCERPT_LENGTH } from '../errors/api-call-error.js';
import { HtmlResponseError } from '../errors/html-response-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { httpErrorFromResponse, isRetryableStatus, looksLikeHtml } from './http-error-from-response.js';

const url = 'http://127.0.0.1:8787/generate_response';

function failed(status: number, body: string, headers: Record<string, string> = {}, now?: number) {
  return httpErrorFromResponse({ provider: 'dynaspark', model: 'gemini-2.0-flash', url, status, headers: new Headers(headers), body, ...(now ? { now } : {}) });
}

const json = { 'content-type': 'application/json' };
const html = { 'content-type': 'text/html; charset=utf-8' };

describe('httpErrorFromResponse', () => {
  describe('429', () => {
    it('is a RateLimitError with how long to wait', () => {
      const error = failed(429, '{"error":"Rate limit exceeded. Please try again later."}', { ...json, 'retry-after': '7' });

      expect(RateLimitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 429, isRetryable: true, retryAfterMs: 7000, provider: 'dynaspark', model: 'gemini-2.0-flash', url });
      expect(error.message).toBe(
        "Provider 'dynaspark' (model 'gemini-2.0-flash') is rate limiting requests (HTTP 429); it asks to retry after 7000 ms: Rate limit exceeded. Please try again later.",
      );
    });

    it('reads retry-after-ms and HTTP dates', () => {
      const now = Date.parse('2025-01-15T12:00:00Z');

      expect((failed(429, '', { 'retry-after-ms': '250' }) as RateLimitError).retryAfterMs).toBe(250);
      expect((failed(429, '', { 'retry-after': 'Wed, 15 Jan 2025 12:00:03 GMT' }, now) as RateLimitError).retryAfterMs).toBe(3000);
    });

    it('says when the provider gave no Retry-After', () => {
      const error = failed(429, '') as RateLimitError;

      expect(error.retryAfterMs).toBeUndefined();
      expect(error.message).toBe("Provider 'dynaspark' (model 'gemini-2.0-flash') is rate limiting requests (HTTP 429); it gave no Retry-After.");
    });

    it('stays a RateLimitError when the body is an HTML page', () => {
      expect(RateLimitError.isInstance(failed(429, '<html><title>Too Many Requests</title></html>', html))).toBe(true);
    });
  });

  describe('HTML pages', () => {
    const outage = '<!DOCTYPE html><html><head><title> Service Unavailable </title></head><body>Waking up…</body></html>';

    it('turns an outage page into a retryable HtmlResponseError with the page title', () => {
      const error = failed(503, outage, html);

      expect(HtmlResponseError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 503, isRetryable: true, isChallenge: false });
      expect(error.message).toBe(
        "Provider 'dynaspark' (model 'gemini-2.0-flash') answered HTTP 503 with an HTML page ('Service Unavailable') instead of JSON; the hosting platform is likely starting or unavailable.",
      );
    });

    it('recognises HTML by its start when the content type does not say', () => {
      expect(HtmlResponseError.isInstance(failed(502, '\n  <html><body>Bad gateway</body></html>'))).toBe(true);
    });

    it('treats an HTML page with a 4xx status as not retryable', () => {
      expect(failed(404, '<html><title>Not Found</title></html>', html)).toMatchObject({ isRetryable: false, isChallenge: false });
    });

    it('treats a 2xx HTML page as retryable (the platform answered in place of the service)', () => {
      expect(failed(200, outage, html)).toMatchObject({ isRetryable: true, isChallenge: false });
    });

    it.each([
      ['a "Just a moment..." page', '<html><head><title>Just a moment...</title></head><body>challenge</body></html>', {}],
      ['a page loading the challenge platform', '<html><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></html>', {}],
      ['a captcha page', '<html><body>Please complete the CAPTCHA</body></html>', {}],
      ['a cf-mitigated: challenge header', '<html><body>…</body></html>', { 'cf-mitigated': 'challenge' }],
    ])('marks a bot challenge from %s, and does not retry it', (_case, body, headers) => {
      const error = failed(403, body, { ...html, ...headers });

      expect(HtmlResponseError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ isChallenge: true, isRetryable: false });
      expect(error.message).toContain('with a bot-challenge page');
    });

    it('does not retry a challenge even with a 5xx status', () => {
      expect(failed(503, '<html><title>Just a moment...</title></html>', html)).toMatchObject({ isChallenge: true, isRetryable: false });
    });
  });

  describe('other statuses', () => {
    it.each([408, 409, 500, 502, 503, 504])('%i is a retryable ApiCallError', (status) => {
      const error = failed(status, '{"error":"try later"}', json);

      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(RateLimitError.isInstance(error) || HtmlResponseError.isInstance(error)).toBe(false);
      expect(error).toMatchObject({ status, isRetryable: true });
    });

    it.each([
      [400, ''],
      [401, ' Check the credentials (API key) for this provider.'],
      [403, ' Check the credentials (API key) for this provider.'],
      [404, ' Check the base URL and path.'],
      [422, ''],
    ])('%i is not retryable, with a hint where one helps', (status, hint) => {
      const error = failed(status, '{"error":"nope"}', json);

      expect(error.isRetryable).toBe(false);
      expect(error.message).toBe(`Provider 'dynaspark' (model 'gemini-2.0-flash') answered HTTP ${status}: nope.${hint}`);
    });
  });

  it("keeps a hint apart from the service's message, without doubling its full stop", () => {
    expect(failed(401, '{"error":"Invalid API key."}', json).message).toBe(
      "Provider 'dynaspark' (model 'gemini-2.0-flash') answered HTTP 401: Invalid API key. Check the credentials (API key) for this provider.",
    );
  });

  describe("the service's own message", () => {
    it.each([
      ['{"error": "..."}', '{"error": "model is overloaded"}'],
      ['{"error": {"message": "..."}}', '{"error": {"message": "model is overloaded", "type": "server_error"}}'],
      ['{"message": "..."}', '{"message": "model is overloaded"}'],
      ['{"detail": "..."}', '{"detail": "model is overloaded"}'],
      ['a short text body', '  model is overloaded \n'],
    ])('is taken from %s', (_shape, body) => {
      expect(failed(500, body).message).toBe("Provider 'dynaspark' (model 'gemini-2.0-flash') answered HTTP 500: model is overloaded.");
    });

    it('is the start of the body when JSON has no known field', () => {
      expect(failed(500, '{"code":17}', json).message).toBe(`Provider 'dynaspark' (model 'gemini-2.0-flash') answered HTTP 500: {"code":17}.`);
    });

    it('is cut at 200 characters', () => {
      const error = failed(500, 'x'.repeat(300));

      expect(error.message).toMatch(/: x{200}…$/);
    });

    it('is left out for an empty body', () => {
      expect(failed(500, '').message).toBe("Provider 'dynaspark' (model 'gemini-2.0-flash') answered HTTP 500.");
    });
  });

  it('keeps an excerpt of the body and the headers, with lower-case names', () => {
    const body = `{"error":"${'y'.repeat(1000)}"}`;
    const error = failed(500, body, { 'Content-Type': 'application/json', 'X-Request-Id': 'abc' });

    expect(error.responseBody).toBe(`${body.slice(0, RESPONSE_BODY_EXCERPT_LENGTH)}…`);
    expect(error.responseHeaders).toEqual({ 'content-type': 'application/json', 'x-request-id': 'abc' });
  });

  it('accepts headers without forEach, keeping no header record', () => {
    const error = httpErrorFromResponse({ provider: 'p', model: 'm', url, status: 500, headers: { get: () => null }, body: '' });

    expect(error.responseHeaders).toEqual({});
  });
});

describe('httpErrorFromResponse for a request about no model', () => {
  it('names the request by its URL, never a placeholder model', () => {
    const models = 'http://127.0.0.1:8080/v1/models';
    const error = httpErrorFromResponse({ provider: 'local', model: '', url: models, status: 503, headers: new Headers(json), body: '{"error":"overloaded"}' });

    expect(error.message).toBe("Provider 'local' (http://127.0.0.1:8080/v1/models) answered HTTP 503: overloaded.");
    expect(error.model).toBe('');
  });
});

describe('isRetryableStatus', () => {
  it('is true for 408, 409, 429 and 5xx only', () => {
    const statuses = [200, 301, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 599];

    expect(statuses.filter(isRetryableStatus)).toEqual([408, 409, 429, 500, 502, 503, 504, 599]);
  });
});

describe('looksLikeHtml', () => {
  it('trusts a text/html content type', () => {
    expect(looksLikeHtml('{"a":1}', 'TEXT/HTML')).toBe(true);
  });

  it.each(['<!DOCTYPE html><html>', '  <html lang="en">', '\uFEFF\r\n\t<HTML>', '<head>', '<body>'])('recognises a body starting with %j', (body) => {
    expect(looksLikeHtml(body, 'application/octet-stream')).toBe(true);
  });

  it('does not take JSON or text for HTML', () => {
    expect(looksLikeHtml('{"html":"<html>"}', 'application/json')).toBe(false);
    expect(looksLikeHtml('Service unavailable', null)).toBe(false);
    expect(looksLikeHtml('', undefined)).toBe(false);
    expect(looksLikeHtml(' \n\t ', undefined)).toBe(false);
    expect(looksLikeHtml('<?xml version="1.0"?><feed/>', 'application/xml')).toBe(false);
  });
});
