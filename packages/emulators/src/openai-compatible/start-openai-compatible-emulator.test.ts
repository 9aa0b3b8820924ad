import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '@switchboard/core';
import { eventually } from '../shared/__fixtures__/both-emulators.js';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from './index.js';

let emulator: OpenAICompatibleEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A raw request with node:http, so the emulator is tested without the provider. */
function send(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${emulator!.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  });
}

const chat = (extra: Record<string, unknown> = {}) => ({ model: 'echo-small', messages: [{ role: 'user', content: 'one two' }], ...extra });
const post = (body: unknown) => send('POST', '/chat/completions', body);

describe('startOpenAICompatibleEmulator', () => {
  it("lists its models; its url, the provider's baseUrl, is the origin plus /v1", async () => {
    emulator = await startOpenAICompatibleEmulator({ models: ['m1', 'm2'] });
    const response = await send('GET', '/models');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ object: 'list', data: [{ id: 'm1', object: 'model' }, { id: 'm2' }] });
    expect(emulator.origin).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.url).toBe(`${emulator.origin}/v1`);
  });

  it('answers with an echo, whole or as events ending in usage and [DONE]', async () => {
    emulator = await startOpenAICompatibleEmulator();
    const whole = JSON.parse((await post(chat())).text) as Record<string, unknown>;
    expect(whole).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Echo from echo-small: one two' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 },
    });
    const streamed = await post(chat({ stream: true, stream_options: { include_usage: true } }));
    expect(streamed.headers['content-type']).toContain('text/event-stream');
    const events = streamed.text.split('\n\n').filter(Boolean);
    expect(events[0]).toMatch(/^: /);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events.at(-2)).toContain('"usage"');
    expect(streamed.text).toContain('"content":"one "');
  });

  it('refuses bad bodies and unknown models like an OpenAI server', async () => {
    emulator = await startOpenAICompatibleEmulator();
    const unknown = await post(chat({ model: 'gpt-9' }));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({ error: { code: 'model_not_found', type: 'invalid_request_error' } });
    expect((await post('{"model":')).status).toBe(400);
    expect((await post(chat({ messages: [] }))).status).toBe(400);
    expect((await send('GET', '/nothing')).status).toBe(404);
  });

  it('requires the bearer key when it has one', async () => {
    emulator = await startOpenAICompatibleEmulator({ apiKey: 'sk-1' });
    expect((await send('GET', '/models')).status).toBe(401);
    expect((await send('GET', '/models', undefined, { authorization: 'Bearer sk-1' })).status).toBe(200);
  });

  it('records each request: headers in order, the raw body, the parsed body', async () => {
    emulator = await startOpenAICompatibleEmulator();
    await post(chat());
    const [recorded] = emulator.requests;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', url: '/v1/chat/completions', body: chat(), fault: undefined });
    expect(recorded?.rawBody.toString()).toBe(JSON.stringify(chat()));
    expect(recorded?.rawHeaders[0]).toEqual(['content-type', 'application/json']);
    await expect(recorded?.outcome).resolves.toBe('completed');
  });

  it('injects faults a given number of times, and records which', async () => {
    emulator = await startOpenAICompatibleEmulator({ faults: [{ fault: 'rate-limit', times: 2, retryAfterSeconds: 4 }] });
    const first = await post(chat());
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('4');
    expect(first.headers['x-emulator-fault']).toBe('rate-limit');
    expect(JSON.parse(first.text)).toMatchObject({ error: { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' } });
    expect((await post(chat())).status).toBe(429);
    expect((await post(chat())).status).toBe(200);
    expect(emulator.requests.map((request) => request.fault)).toEqual(['rate-limit', 'rate-limit', undefined]);
    expect(emulator.stats).toEqual({ received: 3, answered: 1, faulted: 2, inFlight: 0 });
  });

  it('applies rules to chat requests unless they name the models endpoint', async () => {
    emulator = await startOpenAICompatibleEmulator({
      faults: [
        { fault: 'status-500', times: 1 },
        { fault: 'status-503', endpoint: 'models' },
      ],
    });
    expect((await send('GET', '/models')).status).toBe(503);
    expect((await post(chat())).status).toBe(500);
    expect((await post(chat())).status).toBe(200);
  });

  it('model: a rule applies only to chat requests for that model', async () => {
    emulator = await startOpenAICompatibleEmulator({ faults: [{ fault: 'status-502', model: 'echo-large' }] });
    expect((await post(chat())).status).toBe(200);
    expect((await post(chat({ model: 'echo-large' }))).status).toBe(502);
  });

  it('a #fault:<kind> directive in the last user message injects that fault; an unknown kind is a 400', async () => {
    emulator = await startOpenAICompatibleEmulator();
    const directed = await post(chat({ messages: [{ role: 'user', content: 'please #fault:status-503' }] }));
    const unknown = await post(chat({ messages: [{ role: 'user', content: '#fault:meteor' }] }));
    expect(directed.status).toBe(503);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({ error: { message: expect.stringContaining("Unknown fault directive '#fault:meteor'") } });
  });

  it.each([
    ['whole', false],
    ['streamed', true],
  ])('mid-stream-error, malformed-json and empty reshape a %s answer', async (_case, stream) => {
    emulator = await startOpenAICompatibleEmulator();
    const answer = async (fault: string) => {
      emulator!.setFaults([{ fault: fault as 'empty', times: 1 }]);
      return (await post(chat({ messages: [{ role: 'user', content: 'one two three four' }], stream }))).text;
    };
    expect(await answer('mid-stream-error')).toContain('emulated failure in the middle of the answer');
    expect(await answer('malformed-json')).toMatch(stream ? /data: \{"id": "chatcmpl-emu-\d+", "choices": \[\{"delta": \{"content": \n\n$/ : /"message": $/);
    expect(await answer('empty')).not.toContain('Echo');
  });

  it('slow-drip spreads a streamed answer over dripMs; latency holds it back by delayMs', async () => {
    emulator = await startOpenAICompatibleEmulator();
    const timed = async (rule: Record<string, unknown>) => {
      emulator!.setFaults([rule as never]);
      const started = Date.now();
      const { text } = await post(chat({ stream: true }));
      return { ms: Date.now() - started, text };
    };
    const dripped = await timed({ fault: 'slow-drip', dripMs: 300 });
    const late = await timed({ fault: 'latency', delayMs: 200 });
    expect(dripped.ms).toBeGreaterThanOrEqual(250);
    expect(dripped.text).toContain('data: [DONE]');
    expect(late.ms).toBeGreaterThanOrEqual(190);
    expect(late.text).toContain('data: [DONE]');
  });

  it('draws probabilistic faults from its seed, so a run can be replayed', async () => {
    const run = async (seed: number) => {
      emulator = await startOpenAICompatibleEmulator({ seed, faults: [{ fault: 'status-500', probability: 0.5 }] });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index++) statuses.push((await post(chat())).status);
      await emulator.close();
      emulator = undefined;
      return statuses;
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('closes hanging connections on close()', async () => {
    emulator = await startOpenAICompatibleEmulator({ faults: [{ fault: 'hang' }] });
    const pending = post(chat()).catch((error: unknown) => error);
    await eventually(() => emulator!.requests.length === 1);
    await emulator.close();
    expect(await pending).toMatchObject({ code: 'ECONNRESET' });
    await expect(emulator.requests[0]!.outcome).resolves.toBe('closed-early');
    emulator = undefined;
  });

  it('refuses invalid options before listening', async () => {
    await expect(startOpenAICompatibleEmulator({ faults: [{ fault: 'html-503' as never }] })).rejects.toThrow(InvalidArgumentError);
    await expect(startOpenAICompatibleEmulator({ models: [] })).rejects.toThrow('Invalid models: must be a non-empty array of model names');
    await expect(startOpenAICompatibleEmulator({ lineEnding: '\r' as never })).rejects.toThrow('Invalid lineEnding');
    await expect(startOpenAICompatibleEmulator({ chunkDelayMs: -1 })).rejects.toThrow('Invalid chunkDelayMs: must be a finite number >= 0, got -1');
  });
});
