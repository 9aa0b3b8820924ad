// The app's logic against a MockProvider: no network, every case scripted.
import { createRegistry } from '@switchboard/core';
import { createMockProvider, type MockScript } from '@switchboard/testing';
import { ask } from '../src/ask.js';

function registryAnswering(...answers: MockScript[]) {
  const mock = createMockProvider({ id: 'dynaspark', models: ['gemini-2.0-flash'], answers });
  const registry = createRegistry({
    providers: [mock],
    useRegistered: false,
    aliases: { assistant: 'gemini-2.0-flash' },
    resilience: { baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { mock, registry };
}

describe('ask', () => {
  it('streams the answer and says who gave it', async () => {
    const { mock, registry } = registryAnswering({ chunks: ['A switchboard ', 'connects calls.'] });
    const seen: string[] = [];
    const answer = await ask(registry, 'What is a switchboard?', { onText: (text) => seen.push(text) });
    expect(answer).toEqual({ text: 'A switchboard connects calls.', answeredBy: 'dynaspark/gemini-2.0-flash', attempts: 1 });
    expect(seen).toEqual(['A switchboard ', 'connects calls.']);
    expect(mock.lastCall?.messages).toEqual([
      { role: 'system', content: 'Answer in one sentence.' },
      { role: 'user', content: 'What is a switchboard?' },
    ]);
  });

  it('lives through a 503: the registry retries', async () => {
    const { registry } = registryAnswering({ fail: { kind: 'api-call', status: 503 } }, { text: 'Fine now.' });
    expect(await ask(registry, 'Hi')).toMatchObject({ text: 'Fine now.', attempts: 2 });
  });

  it('says when to come back when every attempt is rate limited', async () => {
    const busy: MockScript = { fail: { kind: 'rate-limit', retryAfterMs: 60_000 } };
    const { registry } = registryAnswering(busy, busy);
    expect((await ask(registry, 'Hi')).text).toBe('Every provider is busy; try again in 60 s.');
  });

  it('suggests the closest model for a typo', async () => {
    const { registry } = registryAnswering();
    expect((await ask(registry, 'Hi', { model: 'gemini-2.0-flsh' })).text).toBe("No model is called 'gemini-2.0-flsh'; did you mean 'gemini-2.0-flash'?");
  });

  it('lets other failures through', async () => {
    const { registry } = registryAnswering({ fail: { kind: 'api-call', status: 400 } });
    await expect(ask(registry, 'Hi')).rejects.toMatchObject({ name: 'ApiCallError', status: 400 });
  });
});
