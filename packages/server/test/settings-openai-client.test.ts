// The standard call settings through the gateway, with the official `openai` client (v6): over the
// registry of real plugins in front of their emulators (Dynaspark first, then two
// OpenAI-compatible instances). Dynaspark honours no setting; the OpenAI-compatible plugin maps all.
import { beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { DYNASPARK_ONLY_MODEL, SHARED_MODEL, useEmulatedGateway } from '../src/__fixtures__/start-emulated-gateway.js';

const server = useEmulatedGateway();
let client: OpenAI;
beforeAll(() => {
  client = new OpenAI({ apiKey: 'unused', baseURL: `${server.url}/v1`, maxRetries: 0 });
});

const ask: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hello' }];

describe('call settings with the openai client, through the registry', () => {
  it('Dynaspark answers without them, and the answer names each one and the provider, in a header and the body', async () => {
    const { data: completion, response } = await client.chat.completions
      .create({ model: DYNASPARK_ONLY_MODEL, messages: ask, temperature: 0.2, seed: 3 })
      .withResponse();

    expect(completion.choices[0]?.message.content).toBe(`Echo from ${DYNASPARK_ONLY_MODEL}: Hello`);
    expect(response.headers.get('x-switchboard-provider')).toBe('dynaspark');
    expect(response.headers.get('x-switchboard-warnings')).toBe(
      'unsupported-setting;setting=temperature;provider=dynaspark, unsupported-setting;setting=seed;provider=dynaspark',
    );
    expect((completion as unknown as { warnings: unknown }).warnings).toEqual([
      expect.objectContaining({ code: 'unsupported-setting', setting: 'temperature', provider: 'dynaspark' }),
      expect.objectContaining({ code: 'unsupported-setting', setting: 'seed', provider: 'dynaspark' }),
    ]);
    expect(Object.keys(server.dynaspark.requests[0]!.fields)).toEqual(['user_input', 'ai_model']);
  });

  it('Dynaspark warns in a stream too', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: DYNASPARK_ONLY_MODEL, messages: ask, stream: true, top_p: 0.5 })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';

    expect(text).toBe(`Echo from ${DYNASPARK_ONLY_MODEL}: Hello`);
    expect(response.headers.get('x-switchboard-warnings')).toBe('unsupported-setting;setting=topP;provider=dynaspark');
  });

  it('falling over from Dynaspark, the OpenAI-compatible provider that answers gets every setting, and no warning is left', async () => {
    server.dynaspark.setFaults([{ fault: 'status-503' }]);
    const { data: completion, response } = await client.chat.completions
      .create({ model: SHARED_MODEL, messages: ask, temperature: 0.4, max_tokens: 20, top_p: 0.9, stop: ['END'], seed: 9 })
      .withResponse();

    expect(response.headers.get('x-switchboard-provider')).toBe('local');
    expect(response.headers.get('x-switchboard-warnings')).toBeNull();
    expect(completion.choices[0]?.message.content).toBe(`Echo from ${SHARED_MODEL}: Hello`);
    expect(server.local.requests.at(-1)?.body).toMatchObject({ temperature: 0.4, max_tokens: 20, top_p: 0.9, stop: ['END'], seed: 9 });
  });
});
