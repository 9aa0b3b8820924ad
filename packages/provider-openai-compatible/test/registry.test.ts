// The plugin as a host uses it: imported for its side effect, configured through createRegistry.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createRegistry, InvalidArgumentError, type Registry, type StreamPart } from '@switchboard/core';
import { rejection } from '@switchboard/core/testing';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createOpenAICompatible, discoverModels } from '../src/index.js';

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
  it('lists the plugin imported without models as installed but not configured, with the fix, and serves nothing from it', () => {
    registry = createRegistry({ env: {} });
    expect(registry.providers()).toEqual([
      expect.objectContaining({
        id: 'openai-compatible',
        working: false,
        configured: false,
        reason: 'not configured: no models configured',
        fix: expect.stringContaining("providerOptions['openai-compatible'].models"),
      }),
    ]);
    expect(registry.models()).toEqual([]);
  });

  it('generates through the registry with models discovered before it was created', async () => {
    const server = await emulator({ models: ['llama-3.1-8b'] });
    const settings = { baseUrl: server.url, modelAliases: { 'gpt-4o-mini': 'llama-3.1-8b' } };
    registry = createRegistry({ env: {}, providerOptions: { 'openai-compatible': { ...settings, models: await discoverModels(settings) } } });
    const result = await registry
      .create('gpt-4o-mini')
      .generate('hi', { temperature: 0.1, topK: 40, providerOptions: { 'openai-compatible': { min_p: 0.05 } } });
    expect(result).toMatchObject({
      text: 'Echo from llama-3.1-8b: hi',
      provider: 'openai-compatible',
      model: 'llama-3.1-8b',
      finishReason: 'stop',
      usage: { promptTokens: 1, completionTokens: 4, totalTokens: 5 },
    });
    expect(server.requests.at(-1)?.body).toMatchObject({ model: 'llama-3.1-8b', temperature: 0.1, top_k: 40, min_p: 0.05 });
    expect(result.warnings).toEqual([]);
  });

  it('puts every standard call setting on the wire under its OpenAI name, as the emulator records the request body', async () => {
    const server = await emulator({ models: ['llama-3.1-8b'] });
    registry = createRegistry({ env: {}, providerOptions: { 'openai-compatible': { baseUrl: server.url, models: ['llama-3.1-8b'] } } });
    const settings = {
      temperature: 0.3,
      maxOutputTokens: 64,
      topP: 0.9,
      topK: 20,
      stopSequences: ['END', '\n\n'],
      seed: 42,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
    };

    for (const mode of ['generate', 'stream'] as const) {
      if (mode === 'generate') await registry.create('llama-3.1-8b').generate('hi', settings);
      else for await (const _ of registry.create('llama-3.1-8b').stream('hi', settings));
      expect(server.requests.at(-1)?.body).toMatchObject({
        temperature: 0.3,
        max_tokens: 64,
        top_p: 0.9,
        top_k: 20,
        stop: ['END', '\n\n'],
        seed: 42,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        stream: mode === 'stream',
      });
    }
  });

  it('sends maxOutputTokens as max_completion_tokens to the models that want it, and leaves out what a model does not take, with a warning', async () => {
    const server = await emulator({ models: ['llama-3.1-8b', 'o3-mini'] });
    const endpoint = {
      baseUrl: server.url,
      models: ['llama-3.1-8b', 'o3-mini'],
      defaultCallSettings: { unsupported: ['topK' as const] },
      callSettings: { 'o3-mini': { maxTokensField: 'max_completion_tokens' as const, unsupported: ['temperature' as const] } },
    };
    registry = createRegistry({ env: {}, providerOptions: { 'openai-compatible': endpoint } });

    const llama = await registry.create('llama-3.1-8b').generate('hi', { maxOutputTokens: 32, topK: 5, temperature: 0.2 });
    const llamaBody = server.requests.at(-1)?.body as Record<string, unknown>;
    const o3 = await registry.create('o3-mini').generate('hi', { maxOutputTokens: 32, topK: 5, temperature: 0.2 });
    const o3Body = server.requests.at(-1)?.body as Record<string, unknown>;

    expect(llamaBody).toMatchObject({ max_tokens: 32, temperature: 0.2 });
    expect(llamaBody).not.toHaveProperty('top_k');
    expect(llama.warnings.map((warning) => warning.setting)).toEqual(['topK']);
    expect(o3Body).toMatchObject({ max_completion_tokens: 32 });
    expect(o3Body).not.toHaveProperty('max_tokens');
    expect(o3Body).not.toHaveProperty('temperature');
    expect(o3Body).not.toHaveProperty('top_k');
    expect(o3.warnings).toEqual([
      expect.objectContaining({ code: 'unsupported-setting', provider: 'openai-compatible', setting: 'temperature' }),
      expect.objectContaining({ code: 'unsupported-setting', provider: 'openai-compatible', setting: 'topK' }),
    ]);
  });

  it('sends maxOutputTokens as max_completion_tokens to OpenAI’s reasoning models without being told, by the server’s model name', async () => {
    const models = ['o3-mini', 'gpt-5-mini', 'llama-3.1-8b'];
    const server = await emulator({ models });
    // A public name that looks like OpenAI's but is served by llama: the server's name decides.
    const endpoint = { baseUrl: server.url, models, modelAliases: { 'gpt-5': 'llama-3.1-8b' } };
    registry = createRegistry({ env: {}, providerOptions: { 'openai-compatible': endpoint } });

    const bodies: Record<string, unknown>[] = [];
    for (const model of ['o3-mini', 'gpt-5-mini', 'gpt-5']) {
      const result = await registry.create(model).generate('hi', { maxOutputTokens: 32, temperature: 0.2 });
      expect(result.warnings).toEqual([]);
      bodies.push(server.requests.at(-1)?.body as Record<string, unknown>);
    }

    const [o3, gpt5, aliased] = bodies;
    expect(o3).toMatchObject({ model: 'o3-mini', max_completion_tokens: 32, temperature: 0.2 });
    expect(o3).not.toHaveProperty('max_tokens');
    expect(gpt5).toMatchObject({ model: 'gpt-5-mini', max_completion_tokens: 32 });
    expect(gpt5).not.toHaveProperty('max_tokens');
    expect(aliased).toMatchObject({ model: 'llama-3.1-8b', max_tokens: 32 });
    expect(aliased).not.toHaveProperty('max_completion_tokens');
  });

  it('keeps max_tokens for a reasoning model’s name when the endpoint says so', async () => {
    const server = await emulator({ models: ['o3-mini'] });
    const endpoint = { baseUrl: server.url, models: ['o3-mini'], defaultCallSettings: { maxTokensField: 'max_tokens' as const } };
    registry = createRegistry({ env: {}, providerOptions: { 'openai-compatible': endpoint } });

    await registry.create('o3-mini').generate('hi', { maxOutputTokens: 32 });

    expect(server.requests.at(-1)?.body).toMatchObject({ max_tokens: 32 });
    expect(server.requests.at(-1)?.body).not.toHaveProperty('max_completion_tokens');
  });

  it('refuses wrong per-call options before sending anything, naming the option', async () => {
    const server = await emulator();
    registry = createRegistry({ env: {}, providerOptions: { 'openai-compatible': { baseUrl: server.url, models: ['echo-small'] } } });
    const error = (await rejection(
      registry.create('echo-small').generate('hi', { providerOptions: { 'openai-compatible': { user: 5, stream: false, temperature: 0.2 } } }),
    )) as InvalidArgumentError;
    const setting = await rejection(registry.create('echo-small').generate('hi', { temperature: 5 }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toContain('options.providerOptions.openai-compatible.user: expected a string, got 5.');
    expect(error.message).toContain("options.providerOptions.openai-compatible.stream: 'stream' is set by the provider");
    expect(error.message).toContain(
      "options.providerOptions.openai-compatible.temperature: 'temperature' is the standard call setting temperature: set it as generate(prompt, { temperature })",
    );
    expect(setting).toMatchObject({ argument: 'options.temperature', reason: 'expected a number from 0 to 2, got 5.' });
    expect(server.requests).toHaveLength(0);
  });

  it('streams through the registry', async () => {
    const server = await emulator({ chunkDelayMs: 1 });
    registry = createRegistry({ env: {}, providerOptions: { 'openai-compatible': { baseUrl: server.url, models: ['echo-small'] } } });
    const parts: StreamPart[] = [];
    for await (const part of registry.create('echo-small').stream([{ role: 'user', content: 'stream me' }])) parts.push(part);
    expect(parts.filter((part) => part.type === 'text').map((part) => (part as { text: string }).text)).toEqual([
      'Echo ',
      'from ',
      'echo-small: ',
      'stream ',
      'me',
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('falls back from a failing endpoint to a second one made by the factory', async () => {
    const broken = await emulator({ faults: [{ fault: 'status-503' }] });
    const backup = await emulator();
    registry = createRegistry({
      env: {},
      providers: [await createOpenAICompatible({ id: 'backup', baseUrl: backup.url }, { env: {} })],
      providerOptions: { 'openai-compatible': { baseUrl: broken.url, models: ['echo-small'] } },
      resilience: { maxAttemptsPerProvider: 1 },
    });
    const result = await registry.create('echo-small').generate('who answers?');
    expect(result.text).toBe('Echo from echo-small: who answers?');
    expect(result.provider).toBe('backup');
    expect(result.attempts.map(({ provider, outcome }) => `${provider}:${outcome}`)).toEqual(['openai-compatible:error', 'backup:success']);
    expect(broken.requests).toHaveLength(1);
  });

  it('serves factory instances alone, with the registered class left out', async () => {
    const server = await emulator({ models: ['llama-3.1-8b'] });
    registry = createRegistry({ env: {}, useRegistered: false, providers: [await createOpenAICompatible({ id: 'local', baseUrl: server.url }, { env: {} })] });
    expect(registry.providers().map((provider) => provider.id)).toEqual(['local']);
    expect((await registry.create('llama-3.1-8b').generate('hi')).provider).toBe('local');
  });

  it('falls back when an endpoint does not serve the model after all', async () => {
    const narrow = await emulator({ models: ['other'] });
    const wide = await emulator({ models: ['echo-small'] });
    registry = createRegistry({
      env: {},
      providers: [await createOpenAICompatible({ id: 'wide', baseUrl: wide.url }, { env: {} })],
      providerOptions: { 'openai-compatible': { baseUrl: narrow.url, models: ['echo-small'] } },
      routing: { order: { 'echo-small': ['openai-compatible', 'wide'] } },
    });
    const result = await registry.create('echo-small').generate('hi');
    expect(result.provider).toBe('wide');
    expect(result.attempts[0]).toMatchObject({ provider: 'openai-compatible', errorKind: 'model-not-found' });
  });
});
