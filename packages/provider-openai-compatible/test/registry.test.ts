// The plugin as a host uses it: imported for its side effect, configured through createRegistry.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createRegistry, InvalidArgumentError, registerProvider, type Registry, type StreamPart } from '@switchboard/core';
import { createOpenAICompatibleProvider, OpenAICompatibleProvider } from '../src/index.js';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';

const emulators: OpenAICompatibleEmulator[] = [];
let registry: Registry | undefined;

async function emulator(options: Parameters<typeof startOpenAICompatibleEmulator>[0] = {}): Promise<OpenAICompatibleEmulator> {
  const started = await startOpenAICompatibleEmulator(options);
  emulators.push(started);
  return started;
}

afterEach(async () => {
  await registry?.close();
  registry = undefined;
  await Promise.all(emulators.splice(0).map((started) => started.close()));
});

describe('the registry with the OpenAI-compatible plugin', () => {
  it('refuses to start with the plugin imported but no models configured, and says how to fix it', () => {
    expect(() => createRegistry({ env: {} })).toThrow(InvalidArgumentError);
    expect(() => createRegistry({ env: {} })).toThrow(/providerOptions\.openai-compatible\.models.*discoverModels/s);
  });

  it('generates through the registry with models discovered before it was created', async () => {
    const server = await emulator({ models: ['llama-3.1-8b'] });
    const settings = { baseUrl: server.url, modelAliases: { 'gpt-4o-mini': 'llama-3.1-8b' } };
    registry = createRegistry({
      env: {},
      providerOptions: { 'openai-compatible': { ...settings, models: await OpenAICompatibleProvider.discoverModels(settings) } },
    });
    const result = await registry.create('gpt-4o-mini').generate('hi', { providerOptions: { 'openai-compatible': { temperature: 0.1 } } });
    expect(result).toMatchObject({
      text: 'Echo from llama-3.1-8b: hi',
      provider: 'openai-compatible',
      model: 'llama-3.1-8b',
      finishReason: 'stop',
      usage: { promptTokens: 1, completionTokens: 4, totalTokens: 5 },
    });
    expect(server.requests.at(-1)?.body).toMatchObject({ model: 'llama-3.1-8b', temperature: 0.1 });
  });

  it('streams through the registry', async () => {
    const server = await emulator({ chunkDelayMs: 1 });
    registry = createRegistry({ env: {}, providerOptions: { 'openai-compatible': { baseUrl: server.url, models: ['echo-small'] } } });
    const parts: StreamPart[] = [];
    for await (const part of registry.create('echo-small').stream([{ role: 'user', content: 'stream me' }])) parts.push(part);
    expect(parts.filter((part) => part.type === 'text').map((part) => (part as { text: string }).text)).toEqual(['Echo ', 'from ', 'echo-small: ', 'stream ', 'me']);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('falls back from a failing endpoint to a second one registered from the factory', async () => {
    const broken = await emulator({ faults: [{ fault: 'status-503' }] });
    const backup = await emulator();
    registerProvider(await createOpenAICompatibleProvider({ id: 'backup', baseUrl: backup.url }, { env: {} }));
    registry = createRegistry({
      env: {},
      providerOptions: { 'openai-compatible': { baseUrl: broken.url, models: ['echo-small'] } },
      resilience: { maxAttemptsPerProvider: 1 },
    });
    const result = await registry.create('echo-small').generate('who answers?');
    expect(result.text).toBe('Echo from echo-small: who answers?');
    expect(result.provider).toBe('backup');
    expect(result.attempts.map(({ provider, outcome }) => `${provider}:${outcome}`)).toEqual(['openai-compatible:error', 'backup:success']);
    expect(broken.requests).toHaveLength(1);
  });
});
