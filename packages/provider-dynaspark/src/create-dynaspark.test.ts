import { createRegistry } from '@switchboard/core';
import type { ProviderModule } from '@switchboard/core/provider';
import { createCallOptions, thrown } from '@switchboard/core/testing';
import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';
// Importing the plugin registers its factory (the provider 'dynaspark'), as in a host app.
import { createDynaspark, createProvider, DynasparkProvider } from './index.js';

let emulator: DynasparkEmulator;

beforeAll(async () => {
  emulator = await startDynasparkEmulator({});
});

afterAll(() => emulator.close());

describe('createDynaspark', () => {
  it('makes a provider under its own id, beside the registered one', async () => {
    const old = createDynaspark({ id: 'dynaspark-old', baseUrl: emulator.url, path: '/generate_response' }, { env: {} });
    expect(old).toBeInstanceOf(DynasparkProvider);
    expect(old).toMatchObject({ id: 'dynaspark-old', label: 'Dynaspark (dynaspark-old)', apiEndpoint: `${emulator.url}/generate_response` });
    const registry = createRegistry({ providers: [old], providerOptions: { dynaspark: { baseUrl: emulator.url } }, env: {} });
    expect(registry.providers().map((provider) => provider.id)).toEqual(['dynaspark', 'dynaspark-old']);
    const result = await registry.create('gemini-2.0-flash').generate('Hi', { resilience: { providers: ['dynaspark-old'] } });
    expect(result.provider).toBe('dynaspark-old');
    expect(emulator.requests.at(-1)?.path).toBe('/generate_response');
    await registry.close();
  });

  it('reads DYNASPARK_BASE_URL from the environment it is given', async () => {
    const provider = createDynaspark({}, { env: { DYNASPARK_BASE_URL: emulator.url } });
    const parts = [];
    for await (const part of provider.createAsyncGenerator('gemini-2.0-flash', [{ role: 'user', content: 'env' }], createCallOptions())) parts.push(part);
    expect(parts[0]).toEqual({ type: 'text', text: 'Echo from gemini-2.0-flash: env' });
    await provider.close();
  });

  it('checks its settings at once, naming itself in errors', () => {
    expect(thrown(() => createDynaspark({ mode: 'grpc' as 'api' }))).toMatchObject({
      name: 'InvalidArgumentError',
      argument: 'createDynaspark(settings).mode',
    });
  });

  it('is the package entry a tool can load by name: createProvider is createDynaspark itself', async () => {
    const module: ProviderModule = await import('./index.js');
    const provider = await module.createProvider({ id: 'from-config', baseUrl: emulator.url }, { env: {} });
    expect(module.createProvider).toBe(createDynaspark);
    expect(createProvider).toBe(createDynaspark);
    expect(provider).toMatchObject({ id: 'from-config', apiEndpoint: `${emulator.url}/dsai_fuck_u_spammer` });
  });

  it('builds the registered provider too: a registry calls it with providerOptions.dynaspark, and its errors say so', () => {
    expect(thrown(() => createRegistry({ providerOptions: { dynaspark: { mode: 'grpc' } }, env: {} }))).toMatchObject({
      argument: 'providerOptions.dynaspark.mode',
    });
    expect(thrown(() => createRegistry({ providerOptions: { dynaspark: { id: 'other' } }, env: {} }))).toMatchObject({
      argument: 'providerOptions.dynaspark.id',
      reason: expect.stringContaining('createDynaspark({ id: "other"'),
    });
  });
});
