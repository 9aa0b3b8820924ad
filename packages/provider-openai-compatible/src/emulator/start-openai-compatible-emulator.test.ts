import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from '@switchboard/core';
import { eventually } from '../__fixtures__/provider-test-kit.js';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from './index.js';

let emulator: OpenAICompatibleEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A raw request with node:http, so the emulator is tested without the provider. */
function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
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

describe('startOpenAICompatibleEmulator', () => {
  it('lists its models', async () => {
    emulator = await startOpenAICompatibleEmulator({ models: ['m1', 'm2'] });
    const response = await send('GET', '/v1/models');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ object: 'list', data: [{ id: 'm1', object: 'model' }, { id: 'm2' }] });
    expect(emulator.baseUrl).toBe(`http://127.0.0.1:${emulator.port}/v1`);
  });

  it('answers with an echo, whole or as events ending in usage and [DONE]', async () => {
    emulator = await startOpenAICompatibleEmulator();
    const whole = JSON.parse((await send('POST', '/v1/chat/completions', chat())).text) as Record<string, unknown>;
    expect(whole).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Echo from echo-small: one two' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 },
    });
    const streamed = await send('POST', '/v1/chat/completions', chat({ stream: true, stream_options: { include_usage: true } }));
    expect(streamed.headers['content-type']).toContain('text/event-stream');
    const events = streamed.text.split('\n\n').filter(Boolean);
    expect(events[0]).toMatch(/^: /);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events.at(-2)).toContain('"usage"');
    expect(streamed.text).toContain('"content":"one "');
  });

  it('refuses bad bodies and unknown models like an OpenAI server', async () => {
    emulator = await startOpenAICompatibleEmulator();
    const unknown = await send('POST', '/v1/chat/completions', chat({ model: 'gpt-9' }));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({ error: { code: 'model_not_found', type: 'invalid_request_error' } });
    expect((await send('POST', '/v1/chat/completions', '{"model":')).status).toBe(400);
    expect((await send('POST', '/v1/chat/completions', chat({ messages: [] }))).status).toBe(400);
    expect((await send('GET', '/v1/nothing')).status).toBe(404);
  });

  it('requires the bearer key when it has one', async () => {
    emulator = await startOpenAICompatibleEmulator({ apiKey: 'sk-1' });
    expect((await send('GET', '/v1/models')).status).toBe(401);
    expect((await send('GET', '/v1/models', undefined, { authorization: 'Bearer sk-1' })).status).toBe(200);
  });

  it('injects faults a given number of times, and records which', async () => {
    emulator = await startOpenAICompatibleEmulator({ faults: [{ fault: 'rate-limit', times: 2, retryAfterSeconds: 4 }] });
    const first = await send('POST', '/v1/chat/completions', chat());
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('4');
    expect((await send('POST', '/v1/chat/completions', chat())).status).toBe(429);
    expect((await send('POST', '/v1/chat/completions', chat())).status).toBe(200);
    expect(emulator.requests.map((request) => request.fault)).toEqual(['rate-limit', 'rate-limit', undefined]);
  });

  it('draws probabilistic faults from its seed, so a run can be replayed', async () => {
    const run = async (seed: number) => {
      emulator = await startOpenAICompatibleEmulator({ seed, faults: [{ fault: 'status-500', probability: 0.5 }] });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index++) statuses.push((await send('POST', '/v1/chat/completions', chat())).status);
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
    const pending = send('POST', '/v1/chat/completions', chat()).catch((error: unknown) => error);
    await eventually(() => emulator!.requests.length === 1);
    await emulator.close();
    expect(await pending).toMatchObject({ code: 'ECONNRESET' });
    await expect(emulator.requests[0]!.outcome).resolves.toBe('closed-early');
    emulator = undefined;
  });

  it('refuses unknown fault kinds', async () => {
    await expect(startOpenAICompatibleEmulator({ faults: [{ fault: 'status-502' as never }] })).rejects.toThrow(InvalidArgumentError);
  });
});
