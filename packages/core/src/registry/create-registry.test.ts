import 'reflect-metadata';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { DependencyContainer } from 'tsyringe';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelNotFoundError } from '../errors/model-not-found-error.js';
import { ProviderNotFoundError } from '../errors/provider-not-found-error.js';
import type { Provider } from '../provider/provider.js';
import { PROVIDER_SPECIFICATION_VERSION } from '../provider/specification-version.js';
import type { RegistryOptions } from './registry-options.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { rejection, thrown } from '../testing/captured-error.js';

// tsyringe checks for the Reflect metadata API as soon as it loads, and jest's ESM loader may run a
// CommonJS dependency before reflect-metadata: what pulls in tsyringe is imported only once it is there.
const { container } = await import('tsyringe');
const { registerProvider } = await import('../di/register-provider.js');
const { createRegistry } = await import('./create-registry.js');

function fakeProvider(attributes: Partial<Provider> & { id: string }) {
  return createFakeProvider(attributes);
}

async function drainStream(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _part of stream);
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
    expect((error as Error).message).toContain("unknown option; did you mean 'aliases'? Known options: container, providers, useRegistered, aliases, logger");
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
    ['options.resilience.maxAttempts', { resilience: { maxAttempts: 0 } }],
    ['options.resilience.deadlineMs', { resilience: { deadlineMs: -1 } }],
    ['options.routing.shufle', { routing: { shufle: true } }],
    ['options.routing.weights.dynaspark', { routing: { weights: { dynaspark: -1 } } }],
    ['options.health.intervalMs', { health: { intervalMs: NaN } }],
  ])('refuses a bad %s', (argument, options) => {
    const error = thrown(() => createRegistry({ container: c, ...(options as object) }));

    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe(argument);
  });

  it('refuses two providers with the same id', () => {
    const error = thrown(() => registryWith([dynaspark(), dynaspark()]));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('providers');
    expect((error as Error).message).toContain("two providers have the id 'dynaspark'");
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
    ['a default model it does not list', { id: 'odd', defaultModel: 'other' }, "provider 'odd'.defaultModel"],
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
    expect((error as InvalidArgumentError).argument).toBe('options.providerOptions.dynaspak');
    expect((error as Error).message).toContain("no provider 'dynaspak' is registered; did you mean 'dynaspark'?");
    expect((error as Error).message).toContain('Registered: dynaspark, local.');
  });

  it('refuses a default model no provider serves, naming the option, with the lookup as the cause', () => {
    const error = thrown(() => registryWith([dynaspark()], { defaultModel: 'gemini-2.0-flsh' })) as InvalidArgumentError;

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe('options.defaultModel');
    expect(error.message).toMatch(
      /^Invalid options\.defaultModel: Model 'gemini-2\.0-flsh' is not served by any registered provider\. Did you mean 'gemini-2\.0-flash'/,
    );
    expect(ModelNotFoundError.isInstance(error.cause)).toBe(true);
    expect((error.cause as ModelNotFoundError).closestModels).toContain('gemini-2.0-flash');
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

  it('keeps a model object only for known names, so endless spellings of a provider/model do not pile up', () => {
    const registry = registryWith([dynaspark(), local()]);

    expect(registry.create('local/gemini-2.0-flash')).toBe(registry.create('local/gemini-2.0-flash'));
    // `provider/<white space>` resolves to the provider's default model, under a name nobody lists.
    expect(registry.create('local/ ').providers).toEqual([{ provider: 'local', model: 'llama-3' }]);
    expect(registry.create('local/ ')).not.toBe(registry.create('local/ '));
  });

  it('60,000 junk provider/<white space> names leave the heap where it was', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const registry = registryWith([dynaspark(), local()]);
    const junk = (index: number) => `local/${' \t'.repeat(1 + (index % 50))}${'\u00a0'.repeat(Math.floor(index / 50))}`;
    for (let index = 0; index < 1_000; index++) registry.create(junk(index));
    const before = heap();

    for (let index = 1_000; index < 61_000; index++) registry.create(junk(index));

    // Kept, 60,000 model objects with their names would be tens of megabytes.
    expect(heap() - before).toBeLessThan(4 * 1024 * 1024);
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
        configured: true,
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
    const routes = (...pairs: string[]) => pairs.map((pair) => ({ provider: pair.split('/')[0], model: pair.split('/')[1] }));
    expect(registryWith([dynaspark(), local()], { aliases: { fast: 'flash' } }).models()).toEqual([
      // 'flash' is Dynaspark's own alias: a call to it (or to 'fast', which leads to it) never reaches 'local'.
      { id: 'fast', providers: ['dynaspark'], routes: routes('dynaspark/gemini-2.0-flash'), aliases: [], aliasOf: 'gemini-2.0-flash', vision: false },
      { id: 'flash', providers: ['dynaspark'], routes: routes('dynaspark/gemini-2.0-flash'), aliases: [], aliasOf: 'gemini-2.0-flash', vision: false },
      { id: 'gemini-1.5-flash', providers: ['dynaspark'], routes: routes('dynaspark/gemini-1.5-flash'), aliases: [], vision: true },
      {
        id: 'gemini-2.0-flash',
        providers: ['dynaspark', 'local'],
        routes: routes('dynaspark/gemini-2.0-flash', 'local/gemini-2.0-flash'),
        aliases: ['flash', 'fast'],
        vision: false,
      },
      { id: 'llama-3', providers: ['local'], routes: routes('local/llama-3'), aliases: [], vision: false },
    ]);
  });

  it("lists a name once, with every provider serving it in routing order, when one provider's alias is another's model", () => {
    // The README's local + groq example: Groq serves 'llama-3.1-8b' through its own alias.
    const localServer = fakeProvider({ id: 'local', models: ['llama-3.1-8b'] });
    const groq = fakeProvider({ id: 'groq', models: ['llama-3.1-8b-instant'], modelAliases: { 'llama-3.1-8b': 'llama-3.1-8b-instant' } });
    const registry = registryWith([groq, localServer], { routing: { order: { 'llama-3.1-8b': ['local', 'groq'] } } });

    expect(registry.models()).toEqual([
      {
        id: 'llama-3.1-8b',
        providers: ['local', 'groq'],
        routes: [
          { provider: 'local', model: 'llama-3.1-8b' },
          { provider: 'groq', model: 'llama-3.1-8b-instant' },
        ],
        aliases: [],
        vision: false,
      },
      { id: 'llama-3.1-8b-instant', providers: ['groq'], routes: [{ provider: 'groq', model: 'llama-3.1-8b-instant' }], aliases: [], vision: false },
    ]);
  });

  it('leaves out a provider that routing.order leaves out, as a call does', () => {
    const registry = registryWith([dynaspark(), local()], { routing: { order: { 'gemini-2.0-flash': ['local'] } } });

    expect(registry.models().find((model) => model.id === 'gemini-2.0-flash')?.providers).toEqual(['local']);
  });
});

describe('provider instances passed in', () => {
  it('are served next to the registered providers, one plugin serving several endpoints under their own ids', () => {
    registerProvider(dynaspark(), { container: c });
    const registry = createRegistry({
      container: c,
      providers: [fakeProvider({ id: 'local', models: ['llama-3'] }), fakeProvider({ id: 'groq', models: ['llama-3'] })],
    });

    expect(registry.providers().map((provider) => provider.id)).toEqual(['dynaspark', 'local', 'groq']);
    expect(registry.create('llama-3').providers.map((entry) => entry.provider)).toEqual(['local', 'groq']);
  });

  it('are the only providers with useRegistered: false', () => {
    registerProvider(dynaspark(), { container: c });
    const registry = createRegistry({ container: c, useRegistered: false, providers: [local()] });

    expect(registry.providers().map((provider) => provider.id)).toEqual(['local']);
  });
});

describe('a provider installed but not configured', () => {
  const unconfigured = () =>
    fakeProvider({
      id: 'endpoint',
      models: [],
      defaultModel: '',
      unconfigured: { reason: 'no models configured', fix: "set providerOptions.endpoint.models, e.g. ['llama-3.1-8b']" },
    });

  it('is not an error: the registry lists it as not working, with the reason and the fix', () => {
    const registry = registryWith([dynaspark(), unconfigured()]);

    expect(registry.providers().find((provider) => provider.id === 'endpoint')).toMatchObject({
      working: false,
      configured: false,
      reason: 'not configured: no models configured',
      fix: "set providerOptions.endpoint.models, e.g. ['llama-3.1-8b']",
    });
  });

  it('serves no model, and is left out of routing and of probes', async () => {
    const endpoint = unconfigured();
    const registry = registryWith([dynaspark(), endpoint]);

    expect(registry.models().flatMap((model) => model.providers)).not.toContain('endpoint');
    expect(registry.create('gemini-2.0-flash').providers.map((entry) => entry.provider)).toEqual(['dynaspark']);
    expect((await registry.health()).providers.map((health) => health.provider)).toEqual(['dynaspark']);
    expect(endpoint.calls).toEqual([]);
  });

  it('alone, still makes a registry (that says no provider serves anything, and why)', () => {
    const registry = registryWith([unconfigured()]);

    expect(registry.models()).toEqual([]);
    const error = thrown(() => registry.create());
    expect(ProviderNotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "No provider is configured, so there is no default model. 'endpoint' is installed but not configured (no models configured): Set providerOptions.endpoint.models, e.g. ['llama-3.1-8b'].",
    );
    expect((thrown(() => registry.create('llama-3.1-8b')) as Error).message).toBe(
      "Model 'llama-3.1-8b' is not served by any registered provider. No configured provider serves a model. 'endpoint' is installed but not configured (no models configured): Set providerOptions.endpoint.models, e.g. ['llama-3.1-8b'].",
    );
  });
});

describe('a provider that knows its models but lacks its key', () => {
  const acme = () =>
    fakeProvider({
      id: 'acme',
      models: ['acme-large', 'acme-small'],
      defaultModel: 'acme-large',
      modelAliases: { 'acme-latest': 'acme-large' },
      unconfigured: { reason: 'no API key', fix: "set ACME_API_KEY, or providerOptions['acme'].apiKey" },
    });

  it('is named, with the reason and the fix, when one of its models is asked for', () => {
    const error = thrown(() => registryWith([dynaspark(), acme()]).create('acme-large')) as ModelNotFoundError;

    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "Model 'acme-large' is served by 'acme', which is not configured: no API key. Set ACME_API_KEY, or providerOptions['acme'].apiKey.",
    );
    expect(error.notConfigured).toEqual([
      { provider: 'acme', model: 'acme-large', reason: 'no API key', fix: "set ACME_API_KEY, or providerOptions['acme'].apiKey" },
    ]);
    expect(error.closestModels).toEqual([]);
  });

  it('is named for its aliases, its `acme/...` names and a host alias to it, which createRegistry accepts', () => {
    const registry = registryWith([dynaspark(), acme()], { aliases: { big: 'acme-large' } });

    expect((thrown(() => registry.create('acme-latest')) as Error).message).toBe(
      "Model 'acme-latest' is served by 'acme' (as 'acme-large'), which is not configured: no API key. Set ACME_API_KEY, or providerOptions['acme'].apiKey.",
    );
    expect((thrown(() => registry.create('acme/acme-small')) as Error).message).toMatch(
      /^Model 'acme\/acme-small' is served by 'acme' \(as 'acme-small'\), which is not configured: no API key\./,
    );
    expect((thrown(() => registry.create('big')) as Error).message).toMatch(/^Model 'big' is served by 'acme' \(as 'acme-large'\), which is not configured/);
    expect(registry.models().map((model) => model.id)).not.toContain('big');
  });

  it('is the default model when no provider is configured, so create() says what is missing', () => {
    expect((thrown(() => registryWith([acme()]).create()) as Error).message).toMatch(
      /^Model 'acme-large' is served by 'acme', which is not configured: no API key\./,
    );
  });

  it('may be the default model: createRegistry accepts it, create() says what is missing', () => {
    expect((thrown(() => registryWith([dynaspark(), acme()], { defaultModel: 'acme-small' }).create()) as Error).message).toMatch(
      /^Model 'acme-small' is served by 'acme', which is not configured/,
    );
  });

  it('may be named in routing.order for the models it would serve', () => {
    expect(() => registryWith([dynaspark(), acme()], { routing: { order: { 'acme-large': ['acme'] } } })).not.toThrow();
  });

  it('may not be named in routing.order for a model it would not serve', () => {
    expect(thrown(() => registryWith([dynaspark(), acme()], { routing: { order: { 'gemini-2.0-flash': ['dynaspark', 'acme'] } } }))).toMatchObject({
      argument: "options.routing.order['gemini-2.0-flash'][1]",
      message: expect.stringContaining("provider 'acme' does not serve 'gemini-2.0-flash'. Providers serving it: dynaspark."),
    });
  });

  it('is mentioned with an unknown name, since it may be what the caller wanted', () => {
    expect((thrown(() => registryWith([dynaspark(), acme()]).create('claude')) as Error).message).toBe(
      "Model 'claude' is not served by any registered provider. Valid models: flash, gemini-1.5-flash, gemini-2.0-flash. 'acme' is installed but not configured (no API key): Set ACME_API_KEY, or providerOptions['acme'].apiKey.",
    );
  });
});

describe('createRegistry refuses what would be ignored or silently wrong', () => {
  it('refuses a host alias named after a real model, which would answer from another model without a word', () => {
    const error = thrown(() => registryWith([dynaspark()], { aliases: { 'gemini-1.5-flash': 'gemini-2.0-flash' } }));

    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe("aliases['gemini-1.5-flash']");
    expect((error as Error).message).toContain("'gemini-1.5-flash' is a model served by dynaspark");
  });

  it('refuses routing.order naming a provider that is not registered, or that does not serve the model', () => {
    const providers = [dynaspark(), local()];
    const withOrder = (order: Record<string, string[]>) => thrown(() => createRegistry({ providers, routing: { order } }));
    const unknown = withOrder({ 'gemini-2.0-flash': ['dynaspark', 'locl'] });
    const notServing = withOrder({ 'llama-3': ['dynaspark'] });
    const noModel = withOrder({ 'gemini-9': ['dynaspark'] });

    expect(unknown).toMatchObject({ argument: "options.routing.order['gemini-2.0-flash'][1]" });
    expect((unknown as Error).message).toContain("no provider 'locl' is registered; did you mean 'local'?");
    expect((notServing as Error).message).toBe(
      "Invalid options.routing.order['llama-3'][0]: provider 'dynaspark' does not serve 'llama-3'. Providers serving it: local.",
    );
    expect(noModel).toMatchObject({ argument: "options.routing.order['gemini-9']" });
  });

  it('refuses routing.weights for a provider that is not registered', () => {
    expect(thrown(() => registryWith([dynaspark()], { routing: { shuffle: true, weights: { dynaspak: 2 } } }))).toMatchObject({
      argument: "options.routing.weights['dynaspak']",
    });
  });

  it('tells a provider about every missing or wrong attribute at once', () => {
    const broken = { ...fakeProvider({ id: 'broken' }), working: 'yes', needsAuth: undefined, models: 'echo', createAsyncGenerator: undefined };
    registerProvider({ useFactory: () => broken as never }, { container: c });

    const error = thrown(() => createRegistry({ container: c }));

    expect((error as Error).message).toMatch(/^Invalid provider 'broken': 4 problems:\n/);
    expect((error as InvalidArgumentError).argument).toBe("provider 'broken'");
    for (const attribute of ['working', 'needsAuth', 'models', 'createAsyncGenerator'])
      expect((error as Error).message).toContain(`provider 'broken'.${attribute}:`);
  });
});

describe('registry.close', () => {
  it('is final: create(), generate(), stream() and health() afterwards throw a clear error', async () => {
    const registry = registryWith([dynaspark()]);
    const model = registry.create('gemini-2.0-flash');
    await registry.close();
    await registry.close(); // idempotent

    const errors = [
      thrown(() => registry.create('gemini-2.0-flash')),
      await rejection(model.generate('Hi')),
      await rejection(drainStream(model.stream('Hi'))),
      await rejection(registry.health()),
    ];
    for (const error of errors) {
      expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('registry');
      expect((error as Error).message).toBe(
        'Invalid registry: this registry was closed (registry.close()); create a new one with createRegistry() to make more calls.',
      );
    }
  });

  it('closes every provider that has a close method', async () => {
    const closed: string[] = [];
    const closing = (id: string) => fakeProvider({ id, close: async () => void closed.push(id) });

    await registryWith([closing('alpha'), fakeProvider({ id: 'no-close' }), closing('beta')]).close();

    expect(closed.sort()).toEqual(['alpha', 'beta']);
  });
});
