import { afterEach, describe, expect, it } from '@jest/globals';
import { InvalidArgumentError, ModelNotFoundError, NetworkError, type ProviderModule } from '@switchboard/core/provider';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { callOptions, collect, textOf } from './__fixtures__/provider-test-kit.js';
import { createOpenAICompatible } from './create-openai-compatible.js';
import { discoverModels } from './discover-models.js';
import { OpenAICompatibleProvider } from './openai-compatible-provider.js';

let emulator: OpenAICompatibleEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('discoverModels', () => {
  it('reads the model list, with the key and headers of the settings', async () => {
    emulator = await startOpenAICompatibleEmulator({ models: ['llama-3.1-8b', 'qwen2.5-vl'], apiKey: 'sk-1' });
    await expect(discoverModels({ baseUrl: emulator.url, apiKey: 'sk-1', headers: { 'x-tenant': 'a' } })).resolves.toEqual(['llama-3.1-8b', 'qwen2.5-vl']);
    await expect(discoverModels({ env: { OPENAI_COMPATIBLE_BASE_URL: emulator.url, OPENAI_COMPATIBLE_API_KEY: 'sk-1' } })).resolves.toHaveLength(2);
    expect(emulator.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models', headers: { authorization: 'Bearer sk-1', 'x-tenant': 'a' } });
    await expect(discoverModels({ baseUrl: emulator.url })).rejects.toMatchObject({ status: 401 });
  });

  it('fails with NetworkError when nothing listens', async () => {
    // Port 1 (tcpmux) is never served on a test machine; a port freed by a closed emulator could be
    // taken by a parallel test file in the meantime.
    const error = await discoverModels({ baseUrl: 'http://127.0.0.1:1/v1' }).catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'network', systemCode: 'ECONNREFUSED' });
  });
});

describe('createOpenAICompatible', () => {
  it('builds a provider with the models the server lists', async () => {
    emulator = await startOpenAICompatibleEmulator({ models: ['a', 'b'] });
    const provider = await createOpenAICompatible({ id: 'local', baseUrl: emulator.url, defaultModel: 'b', visionModels: ['b'] }, { env: {} });
    expect(provider).toBeInstanceOf(OpenAICompatibleProvider);
    expect(provider).toMatchObject({ id: 'local', label: 'OpenAI-compatible (local)', models: ['a', 'b'], defaultModel: 'b', visionModels: ['b'] });
    expect(textOf(await collect(provider.createAsyncGenerator('a', [{ role: 'user', content: 'hi' }], callOptions())))).toBe('Echo from a: hi');
    await provider.close();
  });

  it('does not ask the server when models are given', async () => {
    emulator = await startOpenAICompatibleEmulator();
    const provider = await createOpenAICompatible({ baseUrl: emulator.url, models: ['echo-small'] });
    expect(provider.models).toEqual(['echo-small']);
    expect(emulator.requests).toHaveLength(0);
  });

  it('refuses a default, vision or capabilities model the server does not list, naming what it lists', async () => {
    emulator = await startOpenAICompatibleEmulator({ models: ['llama-3.1-8b'] });
    const error = await createOpenAICompatible({ baseUrl: emulator.url, defaultModel: 'llama-3.1-8' }).catch((caught: unknown) => caught);
    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ modelId: 'llama-3.1-8', availableModels: ['llama-3.1-8b'], closestModels: ['llama-3.1-8b'] });
    await expect(createOpenAICompatible({ baseUrl: emulator.url, visionModels: ['llava'] })).rejects.toThrow(/'llava' is not among/);
    await expect(createOpenAICompatible({ baseUrl: emulator.url, capabilities: { 'llama-3.1': { tools: false } } })).rejects.toMatchObject({
      name: 'ModelNotFoundError',
      modelId: 'llama-3.1',
      closestModels: ['llama-3.1-8b'],
    });
  });

  it('checks its settings before any request, naming itself in errors', async () => {
    const error = await createOpenAICompatible({ baseUrl: 'not a url' }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('createOpenAICompatible(settings).baseUrl');
  });

  it('reads the model list off the hot path, with the typed HTTP error of a failing server', async () => {
    emulator = await startOpenAICompatibleEmulator({ faults: [{ fault: 'status-503', endpoint: 'models' }] });
    await expect(createOpenAICompatible({ baseUrl: emulator.url })).rejects.toMatchObject({
      status: 503,
      isRetryable: true,
      // The model list is for no model: the error names the request's URL, not a placeholder model.
      message: expect.stringMatching(new RegExp(`^Provider 'openai-compatible' \\(${emulator.url}/models\\) answered HTTP 503`)),
    });
  });

  it('is the package entry a tool can load by name', async () => {
    emulator = await startOpenAICompatibleEmulator({ models: ['llama-3.1-8b'] });
    const module: ProviderModule = await import('./index.js');
    const provider = await module.createProvider({ id: 'groq', baseUrl: emulator.url }, { env: {} });
    expect(provider).toMatchObject({ id: 'groq', models: ['llama-3.1-8b'], defaultModel: 'llama-3.1-8b' });
    await provider.close?.();
  });
});
