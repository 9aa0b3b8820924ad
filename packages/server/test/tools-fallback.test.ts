// When a tools request may fall back, through the gateway over a registry of real plugins
// (Dynaspark first, then the OpenAI-compatible `local` and `backup`) in front of their emulators:
// only before the first part of an answer, and only to a provider that runs tools.
import { describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { json, sseData } from '../src/__fixtures__/start-test-gateway.js';
import { SHARED_MODEL, useEmulatedGateway, WEATHER_TOOL as weather } from '../src/__fixtures__/start-emulated-gateway.js';

const askParis = [{ role: 'user', content: 'Paris' }];

const server = useEmulatedGateway();

describe('a tools request that fails upstream', () => {
  it('after the stream started: ends with an error event, never [DONE], and the backup is not called', async () => {
    server.local.setFaults([{ fault: 'mid-tool-call-error', times: 1 }]);

    const response = await server.chat({ model: SHARED_MODEL, messages: askParis, tools: [weather], stream: true });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('local');
    const events = sseData(await response.text());
    expect(events).not.toContain('[DONE]');
    // The role, the call as it opened (its arguments never came), then the error.
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[1]!).choices[0]).toMatchObject({
      delta: { tool_calls: [{ index: 0, id: expect.stringMatching(/^call_emu_/), type: 'function', function: { name: 'weather', arguments: '' } }] },
      finish_reason: null,
    });
    expect(JSON.parse(events[2]!)).toEqual({
      error: { type: 'api_error', code: 'stream_interrupted', param: null, message: expect.stringContaining("The stream from provider 'local'") },
    });
    expect(server.local.requests[0]?.fault).toBe('mid-tool-call-error');
    expect(server.backup.requests).toHaveLength(0);
    expect(server.dynaspark.requests).toHaveLength(0);
  });

  it('after the stream started: the openai client raises the error rather than ending cleanly', async () => {
    server.local.setFaults([{ fault: 'mid-tool-call-error', times: 1 }]);
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${server.url}/v1`, maxRetries: 0 });

    const stream = client.chat.completions.stream({ model: SHARED_MODEL, messages: [{ role: 'user', content: 'Paris' }], tools: [weather] });

    await expect(stream.finalChatCompletion()).rejects.toMatchObject({ message: expect.stringContaining("The stream from provider 'local'") });
    expect(server.backup.requests).toHaveLength(0);
  });

  it('before any part: falls over to the tool-capable backup only, and says so', async () => {
    server.local.setFaults([{ fault: 'status-503' }]);

    const response = await server.chat({ model: SHARED_MODEL, messages: askParis, tools: [weather], stream: true });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('backup');
    expect(response.headers.get('x-switchboard-attempts')).toBe(
      `dynaspark/${SHARED_MODEL} skipped capability, local/${SHARED_MODEL} error api-call, backup/${SHARED_MODEL} success`,
    );
    const events = sseData(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    expect(JSON.parse(events.at(-2)!).choices[0].finish_reason).toBe('tool_calls');
    expect(server.backup.requests[0]?.body).toMatchObject({ tools: [weather], stream: true });
    expect(server.dynaspark.requests).toHaveLength(0);
  });

  it('while the same request without tools is answered by Dynaspark, first in the order', async () => {
    server.local.setFaults([{ fault: 'status-503' }]);

    const response = await server.chat({ model: SHARED_MODEL, messages: askParis });

    expect(response.headers.get('x-switchboard-provider')).toBe('dynaspark');
    expect((await json(response)).choices[0].message.content).toBe(`Echo from ${SHARED_MODEL}: Paris`);
    expect(server.local.requests).toHaveLength(0);
  });
});

describe('a whole answer asks the upstream for a whole answer', () => {
  it('sends stream: false, so tools work behind a server that cannot stream', async () => {
    server.local.setFaults([{ fault: 'stream-unsupported' }]);

    const response = await server.chat({ model: SHARED_MODEL, messages: askParis, tools: [weather] });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-provider')).toBe('local');
    expect((await json(response)).choices[0].message.tool_calls).toMatchObject([{ function: { name: 'weather', arguments: '{"city":"Paris"}' } }]);
    expect(server.local.requests).toMatchObject([{ body: { stream: false }, fault: undefined }]);
    expect(server.backup.requests).toHaveLength(0);
  });

  it('while a streamed one behind that server falls over to the backup before any part', async () => {
    server.local.setFaults([{ fault: 'stream-unsupported' }]);

    const response = await server.chat({ model: SHARED_MODEL, messages: askParis, tools: [weather], stream: true });

    expect(response.headers.get('x-switchboard-provider')).toBe('backup');
    expect(server.local.requests).toMatchObject([{ body: { stream: true }, fault: 'stream-unsupported' }]);
  });
});
