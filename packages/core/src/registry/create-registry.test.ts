import 'reflect-metadata';
import type { DependencyContainer } from 'tsyringe';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelNotFoundError } from '../errors/model-not-found-error.js';
import { ProviderNotFoundError } from '../errors/provider-not-found-error.js';
import type { Provider } from '../provider/provider.js';
import { PROVIDER_SPECIFICATION_VERSION } from '../provider/specification-version.js';
import type { RegistryOptions } from './create-registry.js';
import { createTestProvider } from '../testing/create-test-provider.js';
import { thrown } from '../testing/captured-error.js';

// tsyringe checks for the Reflect metadata API as soon as it loads, and jest's ESM loader may run a
// CommonJS dependency before reflect-metadata: what pulls in tsyringe is imported only once it is there.
const { container } = await import('tsyringe');
const { registerProvider } = await import('../di/register-provider.js');
const { createRegistry } = await import('./create-registry.js');

function fakeProvider(attributes: Partial<Provider> & { id: string }): Provider {
  return createTestProvider(attributes);
}

let c: DependencyContainer;

beforeEach(() => {
  c = container.createChildContainer();
});

function registryWith(providers: readonly Provider[], options: Omit<RegistryOptions, 'container'> = {}) {
  for (const provider of providers) registerProvider(provider, { container: c });
  return createRegistry({ container: c, ...options });
}

const dynaspark = () =>
  fakeProvider({
    id: 'dynaspark',
    label: 'Dynaspark',
    models: ['gemini-2.0-flash', 'gemini-1.5-flash'],
    visionModels: ['gemini-1.5-flash'],
    modelAliases: { flash: 'gemini-2.0-flash' },
  });
const local = () => fakeProvider({ id: 'local', models: ['llama-3', 'gemini-2.0-flash'], supportsSystemMessage: false });

describe('createRegistry', () => {
  it('serves nothing from a container without providers', () => {
    const registry = createRegistry({ container: c });

    expect(registry.providers()).toEqual([]);
    expect(registry.models()).toEqual([]);
    expect(ProviderNotFoundError.isInstance(thrown(() => registry.create()))).toBe(true);
  });

  it('refuses an unknown option, listing the known ones', () => {
    const error = thrown(() => createRegistry({ container: c, alias: { flash: 'x' } } as never));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('options.alias');
    expect((error as Error).message).toContain('known options are container, aliases, logger');
  });

  it.each([
    ['options.aliases', { aliases: ['flash'] }],
    ['options.providerOptions', { providerOptions: 'dynaspark' }],
    ['options.routing', { routing: null }],
    ['options.maxMediaBytes', { maxMediaBytes: 0 }],
    ['options.maxMediaBytes', { maxMediaBytes: 1.5 }],
    ['options.extraMedia', { extraMedia: 'drop' }],
    ['options.logger', { logger: 'loud' }],
    ['options.random', { random: 0.5 }],
    ['resilience.maxAttempts', { resilience: { maxAttempts: 0 } }],
    ['resilience.deadlineMs', { resilience: { deadlineMs: -1 } }],
  ])('refuses a bad %s', (argument, options) => {
    const error = thrown(() => createRegistry({ container: c, ...(options as object) }));

    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe(argument);
  });

  it('refuses two providers with the same id', () => {
    const error = thrown(() => registryWith([dynaspark(), dynaspark()]));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('providers');
    expect((error as Error).message).toContain("two registered providers have the id 'dynaspark'");
  });

  it('refuses a provider instance written against another specification version at registration, naming both versions', () => {
    const error = thrown(() => registryWith([fakeProvider({ id: 'old', specificationVersion: 'switchboard.provider/v0' as never })]));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("registerProvider(provider 'old')");
    expect((error as Error).message).toContain('"switchboard.provider/v0"');
    expect((error as Error).message).toContain(`'${PROVIDER_SPECIFICATION_VERSION}'`);
  });

  it('refuses a factory-built provider of another specification version when the registry builds it', () => {
    registerProvider({ useFactory: () => fakeProvider({ id: 'old', specificationVersion: 'switchboard.provider/v0' as never }) }, { container: c });
    const error = thrown(() => createRegistry({ container: c }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("provider 'old'");
    expect((error as Error).message).toContain('"switchboard.provider/v0"');
    expect((error as Error).message).toContain(`'${PROVIDER_SPECIFICATION_VERSION}'`);
  });

  it.each([
    ['an id with a slash', { id: 'my/provider' }, "provider 'my/provider'.id"],
    ['an upper-case id', { id: 'Dynaspark' }, "provider 'Dynaspark'.id"],
    ['no models', { id: 'empty', models: [] as string[], defaultModel: 'x' }, "provider 'empty'.models"],
    ['a default model it does not list', { id: 'odd', defaultModel: 'other' }, "provider 'odd'.models"],
    ['no createAsyncGenerator', { id: 'mute', createAsyncGenerator: undefined as never }, "provider 'mute'.createAsyncGenerator"],
  ])('refuses a provider with %s', (_case, attributes, argument) => {
    const provider = { ...fakeProvider({ id: attributes.id }), ...attributes };
    // An instance without createAsyncGenerator can only be registered through a factory.
    registerProvider({ useFactory: () => provider as Provider }, { container: c });

    const error = thrown(() => createRegistry({ container: c }));

    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe(argument);
  });

  it('refuses providerOptions for a provider that is not registered, suggesting the closest id', () => {
    const error = thrown(() => registryWith([dynaspark(), local()], { providerOptions: { dynaspak: { baseUrl: 'http://127.0.0.1:1' } } }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('providerOptions.dynaspak');
    expect((error as Error).message).toContain("no provider 'dynaspak' is registered; did you mean 'dynaspark'?");
    expect((error as Error).message).toContain('Registered: dynaspark, local.');
  });

  it('refuses a default model no provider serves', () => {
    const error = thrown(() => registryWith([dynaspark()], { defaultModel: 'gemini-2.0-flsh' }));

    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect((error as ModelNotFoundError).closestModels).toContain('gemini-2.0-flash');
  });

  it('accepts a logger level', () => {
    expect(registryWith([dynaspark()], { logger: 'debug' }).providers()).toHaveLength(1);
  });
});

describe('registry.create', () => {
  it("uses the first registered provider's default model when no name is given", () => {
    const registry = registryWith([dynaspark(), local()]);

    expect(registry.create().modelId).toBe('gemini-2.0-flash');
    expect(registry.create('').modelId).toBe('gemini-2.0-flash');
    expect(registry.create('  ').modelId).toBe('gemini-2.0-flash');
  });

  it('uses the defaultModel option when given', () => {
    expect(registryWith([dynaspark(), local()], { defaultModel: 'llama-3' }).create().modelId).toBe('llama-3');
  });

  it('lists the providers serving a name, in registration order', () => {
    const registry = registryWith([dynaspark(), local()], { aliases: { fast: 'flash' } });

    expect(registry.create('gemini-2.0-flash').providers).toEqual([
      { provider: 'dynaspark', model: 'gemini-2.0-flash' },
      { provider: 'local', model: 'gemini-2.0-flash' },
    ]);
    expect(registry.create('fast').providers).toEqual([{ provider: 'dynaspark', model: 'gemini-2.0-flash' }]);
    expect(registry.create('local/gemini-2.0-flash').providers).toEqual([{ provider: 'local', model: 'gemini-2.0-flash' }]);
  });

  it('returns the same model object for the same name', () => {
    const registry = registryWith([dynaspark()]);

    expect(registry.create('flash')).toBe(registry.create('flash'));
    expect(registry.create('flash')).not.toBe(registry.create('gemini-2.0-flash'));
  });

  it('refuses an unknown name with the closest valid names', () => {
    const error = thrown(() => registryWith([dynaspark(), local()]).create('lama-3'));

    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect((error as ModelNotFoundError).closestModels[0]).toBe('llama-3');
    expect((error as Error).message).toContain("Did you mean 'llama-3'");
  });

  it('refuses a name that is not a string', () => {
    const error = thrown(() => registryWith([dynaspark()]).create(42 as never));

    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('modelId');
  });
});

describe('registry.provider', () => {
  it('returns a registered provider by id', () => {
    const provider = dynaspark();

    expect(registryWith([provider, local()]).provider('dynaspark')).toBe(provider);
  });

  it('refuses an unknown id with the closest ids', () => {
    const error = thrown(() => registryWith([dynaspark(), local()]).provider('dynaspak'));

    expect(ProviderNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ providerId: 'dynaspak', availableProviders: ['dynaspark', 'local'], closestProviders: ['dynaspark'] });
  });
});

describe('registry.providers', () => {
  it('summarises every registered provider, in registration order', () => {
    expect(registryWith([dynaspark(), local()]).providers()).toEqual([
      {
        id: 'dynaspark',
        label: 'Dynaspark',
        url: 'https://dynaspark.example',
        working: true,
        needsAuth: false,
        supportsStream: true,
        supportsSystemMessage: true,
        supportsMessageHistory: true,
        defaultModel: 'gemini-2.0-flash',
        models: ['gemini-2.0-flash', 'gemini-1.5-flash'],
        visionModels: ['gemini-1.5-flash'],
      },
      expect.objectContaining({ id: 'local', label: 'local', supportsSystemMessage: false, models: ['llama-3', 'gemini-2.0-flash'] }),
    ]);
  });
});

describe('registry.models', () => {
  it('lists every public model with its providers, aliases and vision support', () => {
    expect(registryWith([dynaspark(), local()], { aliases: { fast: 'flash' } }).models()).toEqual([
      { id: 'gemini-1.5-flash', providers: ['dynaspark'], aliases: [], vision: true },
      { id: 'gemini-2.0-flash', providers: ['dynaspark', 'local'], aliases: ['flash', 'fast'], vision: false },
      { id: 'llama-3', providers: ['local'], aliases: [], vision: false },
    ]);
  });
});

describe('registry.close', () => {
  it("closes every provider that has a close method", async () => {
    const closed: string[] = [];
    const closing = (id: string) => fakeProvider({ id, close: async () => void closed.push(id) });

    await registryWith([closing('alpha'), fakeProvider({ id: 'no-close' }), closing('beta')]).close();

    expect(closed.sort()).toEqual(['alpha', 'beta']);
  });
});
