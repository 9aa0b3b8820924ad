import { withFreshEmulator } from '../shared/__fixtures__/both-emulators.js';
import { startDynasparkEmulator, type DynasparkEmulator } from './index.js';

describe('GET /api/generate_response (handleApiRequest)', () => {
  let emulator: DynasparkEmulator;
  withFreshEmulator(startDynasparkEmulator, (started) => (emulator = started));

  it('answers with the model, word-count usage and rate-limit headers', async () => {
    const query = new URLSearchParams({ user_input: 'What is two plus two?', model: 'gemini-2.0-flash', system: 'Be brief' });
    const res = await fetch(`${emulator.url}/api/generate_response?${query}`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response: 'Echo from gemini-2.0-flash: What is two plus two?',
      model: 'gemini-2.0-flash',
      usage: { prompt_tokens: 7, completion_tokens: 8, total_tokens: 15 },
    });
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('99');
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 3601);
    expect(emulator.requests[0]?.fields).toEqual({ user_input: 'What is two plus two?', model: 'gemini-2.0-flash', system: 'Be brief' });
  });

  it('counts the remaining quota down', async () => {
    await fetch(`${emulator.url}/api/generate_response?user_input=a`);
    const res = await fetch(`${emulator.url}/api/generate_response?user_input=b`);

    expect(res.headers.get('x-ratelimit-remaining')).toBe('98');
  });

  it('defaults the model to gemini-1.5-flash', async () => {
    const res = await fetch(`${emulator.url}/api/generate_response?user_input=Hi`);

    expect(((await res.json()) as { model: string }).model).toBe('gemini-1.5-flash');
  });

  it('answers 400 JSON without user_input', async () => {
    const res = await fetch(`${emulator.url}/api/generate_response?model=gemini-2.0-flash`);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Missing required parameter: user_input' });
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
  });

  it('answers 405 to POST', async () => {
    const res = await fetch(`${emulator.url}/api/generate_response`, { method: 'POST', body: 'x' });

    expect(res.status).toBe(405);
  });

  it('keeps the rate-limit headers on faulted answers, with no quota left on a 429', async () => {
    emulator.setFaults([{ fault: 'rate-limit' }]);

    const res = await fetch(`${emulator.url}/api/generate_response?user_input=Hi`);

    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});
