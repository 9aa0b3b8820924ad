// What the dashboard records of each API's requests, read back from its data endpoints: the same
// row for chat, responses and messages, and their text only when the operator opted in.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createEchoProvider, ECHO_ANSWERED_ROW } from '../__fixtures__/create-echo-provider.js';
import { json, startTestGateway, type TestGateway } from '../__fixtures__/start-test-gateway.js';
import type { DashboardSnapshot } from './dashboard-data.js';

let server: TestGateway | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (path: string, body: unknown) =>
  fetch(`${server!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** One request on each API, whole and streamed, each with its own words. */
async function callEveryRoute(): Promise<void> {
  for (const stream of [false, true]) {
    const mode = stream ? 'streamed' : 'whole';
    const answers = [
      await post('/v1/chat/completions', { model: 'echo-1', stream, messages: [{ role: 'user', content: `chat ${mode} secret` }] }),
      await post('/v1/responses', { model: 'echo-1', stream, input: `responses ${mode} secret` }),
      await post('/v1/messages', { model: 'echo-1', stream, max_tokens: 50, messages: [{ role: 'user', content: `messages ${mode} secret` }] }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      await answer.text();
    }
  }
}

const snapshot = async (): Promise<DashboardSnapshot> => json(await fetch(`${server!.url}/ui/api/snapshot`));

describe('recent requests of every API', () => {
  it('lists chat, responses and messages alike: route, model asked, who answered, tokens, trail and timings', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()] });
    await callEveryRoute();

    const { requests, traffic } = await snapshot();

    expect(requests.map(({ route, stream }) => `${route}${stream ? ' stream' : ''}`)).toEqual([
      'chat',
      'responses',
      'messages',
      'chat stream',
      'responses stream',
      'messages stream',
    ]);
    for (const request of requests) {
      expect(request).toMatchObject(ECHO_ANSWERED_ROW);
      expect(request.latencyMs).toBeGreaterThan(0);
      if (request.stream) expect(request.firstChunkMs).toBeGreaterThan(0);
      else expect(request.firstChunkMs).toBeUndefined();
    }
    expect(traffic.total.requests.reduce((sum, count) => sum + count, 0)).toBe(6);
    expect(traffic.total.tokens.reduce((sum, count) => sum + count, 0)).toBe(48);
  });

  it("records each API's refusals in its own row: an unknown model, a missing field", async () => {
    server = await startTestGateway({ providers: [createEchoProvider()] });
    await post('/v1/responses', { model: 'nope', input: 'x' });
    await post('/v1/messages', { model: 'echo-1', messages: [{ role: 'user', content: 'no max_tokens' }] });

    const { requests } = await snapshot();

    expect(requests).toEqual([
      expect.objectContaining({ route: 'responses', model: 'nope', status: 404, error: expect.objectContaining({ code: 'model_not_found' }) }),
      expect.objectContaining({ route: 'messages', status: 400, error: expect.objectContaining({ code: 'missing_required_parameter' }) }),
    ]);
    expect(requests[1]!.provider).toBeUndefined();
  });
});

describe('prompt and answer text', () => {
  it('is kept by no API without captureContent: not in the snapshot, not in the event stream', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()] });
    await callEveryRoute();

    const body = await (await fetch(`${server.url}/ui/api/snapshot`)).text();
    const events = await fetch(`${server.url}/ui/api/events`);
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = (await reader.read()).value!;
    await reader.cancel();

    expect(JSON.parse(body).requests).toHaveLength(6);
    for (const data of [body, first]) {
      expect(data).not.toContain('secret');
      expect(data).not.toContain('heard');
      expect(data).not.toMatch(/"(prompt|answer)"/);
    }
  });

  it('is kept for every API with captureContent, whole and streamed', async () => {
    server = await startTestGateway({ providers: [createEchoProvider()], gateway: { captureContent: true } });
    await callEveryRoute();

    const { requests } = await snapshot();

    expect(requests.map(({ route, stream, prompt, answer }) => ({ route, stream, prompt, answer }))).toEqual(
      ['whole', 'streamed'].flatMap((mode) =>
        ['chat', 'responses', 'messages'].map((route) => ({
          route,
          stream: mode === 'streamed',
          prompt: [{ role: 'user', text: `${route} ${mode} secret` }],
          answer: `echo-1 heard: ${route} ${mode} secret (0 images)`,
        })),
      ),
    );
  });
});
