import { startDynasparkEmulator, type DynasparkEmulator, type DynasparkFaultRule } from './index.js';

// Every fault, over real HTTP, on both the form endpoint and the GET API.
const endpoints = {
  'POST /generate_response': (emulator: DynasparkEmulator, init: RequestInit = {}) =>
    fetch(`${emulator.url}/generate_response`, {
      method: 'POST',
      body: new URLSearchParams({ user_input: 'Hi', ai_model: 'gemini-1.5-flash' }),
      ...init,
    }),
  'GET /api/generate_response': (emulator: DynasparkEmulator, init: RequestInit = {}) =>
    fetch(`${emulator.url}/api/generate_response?user_input=Hi&model=gemini-1.5-flash`, init),
};

describe.each(Object.entries(endpoints))('applyFault on %s', (_endpoint, send) => {
  let emulator: DynasparkEmulator;

  beforeAll(async () => {
    emulator = await startDynasparkEmulator();
  });

  afterEach(() => {
    emulator.reset();
  });

  afterAll(async () => {
    await emulator.close();
  });

  const withFault = (rule: DynasparkFaultRule, init?: RequestInit): Promise<Response> => {
    emulator.setFaults([rule]);
    return send(emulator, init);
  };

  it.each([400, 401, 403, 404, 408, 500, 502, 503] as const)('status-%i answers that status with a JSON error', async (status) => {
    const res = await withFault({ fault: `status-${status}` });

    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-emulator-fault')).toBe(`status-${status}`);
    const body = (await res.json()) as { error: unknown };
    expect(typeof body.error).toBe('string');
  });

  it('rate-limit answers 429 with Retry-After in seconds', async () => {
    const res = await withFault({ fault: 'rate-limit', retryAfterSeconds: 7 });

    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ error: 'Rate limit exceeded. Please try again later.' });
  });

  it('rate-limit defaults Retry-After to 1 second', async () => {
    const res = await withFault({ fault: 'rate-limit' });

    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('rate-limit-no-header answers 429 without any retry hint', async () => {
    const res = await withFault({ fault: 'rate-limit-no-header' });

    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.headers.get('retry-after-ms')).toBeNull();
  });

  it('rate-limit-ms answers 429 with retry-after-ms', async () => {
    const defaulted = await withFault({ fault: 'rate-limit-ms' });
    const explicit = await withFault({ fault: 'rate-limit-ms', retryAfterMs: 750 });

    expect(defaulted.status).toBe(429);
    expect(defaulted.headers.get('retry-after-ms')).toBe('200');
    expect(explicit.headers.get('retry-after-ms')).toBe('750');
    expect(explicit.headers.get('retry-after')).toBeNull();
  });

  it('rate-limit-date answers 429 with Retry-After as an HTTP date a few seconds ahead', async () => {
    const res = await withFault({ fault: 'rate-limit-date', retryAfterSeconds: 3 });

    const header = res.headers.get('retry-after') ?? '';
    expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const waitMs = Date.parse(header) - Date.now();
    expect(waitMs).toBeGreaterThan(1500);
    expect(waitMs).toBeLessThanOrEqual(4000);
  });

  it('html-503 answers the hosting platform waking-up page', async () => {
    const res = await withFault({ fault: 'html-503' });

    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<title>Service Unavailable</title>');
    expect(html).toContain('waking up');
  });

  it('html-200 answers an HTML page with status 200', async () => {
    const res = await withFault({ fault: 'html-200' });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<html');
  });

  it('challenge answers a 403 Cloudflare-style challenge page', async () => {
    const res = await withFault({ fault: 'challenge' });

    expect(res.status).toBe(403);
    expect(res.headers.get('cf-mitigated')).toBe('challenge');
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<title>Just a moment...</title>');
    expect(html).toContain('challenge-platform');
  });

  it('reset drops the connection, so the request fails', async () => {
    const failure = withFault({ fault: 'reset' });

    await expect(failure).rejects.toThrow('fetch failed');
    await expect(failure.catch((error: Error) => (error.cause as { code?: string }).code)).resolves.toBe('ECONNRESET');
  });

  it('hang never answers: the client times out', async () => {
    const started = Date.now();
    const failure = withFault({ fault: 'hang' }, { signal: AbortSignal.timeout(200) });

    await expect(failure).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('malformed-json answers 200 JSON that does not parse', async () => {
    const res = await withFault({ fault: 'malformed-json' });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).toBe('{"response": "trunc');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('missing-field answers 200 with the answer under another name', async () => {
    const res = await withFault({ fault: 'missing-field' });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'Echo from gemini-1.5-flash: Hi' });
  });

  it('empty answers an empty response', async () => {
    const res = await withFault({ fault: 'empty' });

    expect(await res.json()).toEqual({ response: '' });
  });

  it('whitespace answers a response of spaces', async () => {
    const res = await withFault({ fault: 'whitespace' });

    expect(await res.json()).toEqual({ response: '   ' });
  });

  it('slow-drip sends the headers at once and the normal body over dripMs', async () => {
    const started = Date.now();
    const res = await withFault({ fault: 'slow-drip', dripMs: 400 });
    const headersAfter = Date.now() - started;
    const body = (await res.json()) as { response: string };

    expect(res.status).toBe(200);
    expect(headersAfter).toBeLessThan(250);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(body.response).toBe('Echo from gemini-1.5-flash: Hi');
  });

  it('latency answers normally after delayMs', async () => {
    const started = Date.now();
    const res = await withFault({ fault: 'latency', delayMs: 200 });

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { response: string }).response).toBe('Echo from gemini-1.5-flash: Hi');
  });
});
