// End to end: an OpenAI client -> the gateway -> the OpenAI-compatible provider plugin -> the
// OpenAI-compatible emulator, all real, over loopback.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRegistry, type Registry } from '@switchboard/core';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import OpenAI from 'openai';
import { createGateway } from '../src/create-gateway.js';
import type { Gateway } from '../src/gateway.js';

let emulator: OpenAICompatibleEmulator;
let registry: Registry;
let gateway: Gateway;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startOpenAICompatibleEmulator({ models: ['echo-small', 'echo-large'] });
  const upstream = await createOpenAICompatible({ id: 'local', baseUrl: emulator.url, models: ['echo-small', 'echo-large'] });
  // The 429 test's Retry-After (7 s) is one the registry would wait out itself (maxRetryAfterMs), so
  // it keeps no cooldown on the provider for the tests after it.
  registry = createRegistry({ providers: [upstream], useRegistered: false, resilience: { maxAttempts: 1, maxRetryAfterMs: 10_000 } });
  gateway = await createGateway({ registry, env: {}, processMetrics: false });
  client = new OpenAI({ apiKey: 'unused', baseURL: `${await gateway.listen({ port: 0 })}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await registry.close();
  await emulator.close();
});

/** The sampling fields of a chat completion, as an OpenAI client sends them. */
const SAMPLING = { temperature: 0.5, top_p: 0.8, stop: ['END', '\n\n'], seed: 42, presence_penalty: 0.5, frequency_penalty: 0.25 };

describe('gateway in front of the OpenAI-compatible plugin and its emulator', () => {
  it('answers through the plugin, with the sampling fields reaching the upstream server', async () => {
    emulator.clearRequests();
    const completion = await client.chat.completions.create({
      model: 'echo-small',
      messages: [{ role: 'user', content: 'one two three four' }],
      max_tokens: 2,
      ...SAMPLING,
    });

    expect(completion.choices[0]?.message.content).toBe('Echo from ');
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion).toMatchObject({ provider: 'local', model: 'echo-small' });
    // The chat completion's fields became the call settings, which the plugin put back on the wire.
    expect(emulator.requests.at(-1)?.body).toMatchObject({ model: 'echo-small', max_tokens: 2, ...SAMPLING });
  });

  it('streams with the call settings too, max_completion_tokens and a single stop string included', async () => {
    emulator.clearRequests();
    const streamed = await client.chat.completions.create({
      model: 'echo-large',
      messages: [{ role: 'user', content: 'settings please' }],
      stream: true,
      temperature: 0,
      max_completion_tokens: 3,
      top_p: 1,
      stop: 'END',
      seed: 7,
    });
    for await (const _ of streamed);

    // The plugin writes maxOutputTokens as its model's field (max_tokens unless configured otherwise).
    expect(emulator.requests.at(-1)?.body).toMatchObject({ temperature: 0, max_tokens: 3, top_p: 1, stop: ['END'], seed: 7, stream: true });
  });

  it('answers a setting out of range with a 400 naming the field, before anything reaches the upstream server', async () => {
    emulator.clearRequests();
    const error = await client.chat.completions
      .create({ model: 'echo-small', messages: [{ role: 'user', content: 'Hi' }], temperature: 5 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
      param: 'temperature',
      message: "Invalid 'temperature': expected a number from 0 to 2, got 5.",
    });
    expect(emulator.requests).toHaveLength(0);
  });

  it('streams word by word', async () => {
    const stream = await client.chat.completions.create({ model: 'echo-large', messages: [{ role: 'user', content: 'Hello there' }], stream: true });
    const pieces: string[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content);
    expect(pieces.join('')).toBe('Echo from echo-large: Hello there');
    expect(pieces.length).toBeGreaterThan(3);
  });

  it('passes an upstream 429 on with its Retry-After', async () => {
    emulator.setFaults([{ fault: 'rate-limit', retryAfterSeconds: 7, times: 1 }]);
    const error = await client.chat.completions.create({ model: 'echo-small', messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
  });

  it('closes the upstream request when the client leaves mid-stream', async () => {
    emulator.clearRequests();
    emulator.setFaults([{ fault: 'slow-drip', dripMs: 5_000 }]);
    try {
      const leave = new AbortController();
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'echo-small', messages: [{ role: 'user', content: 'a long answer please' }], stream: true }),
        signal: leave.signal,
      });
      await response.body!.getReader().read();
      leave.abort();

      expect(await emulator.requests.at(-1)?.outcome).toBe('closed-early');
    } finally {
      emulator.setFaults([]);
    }
  });
});
