import 'reflect-metadata';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { DependencyContainer } from 'tsyringe';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Provider } from '../provider/provider.js';
import { PROVIDER_SPECIFICATION_VERSION } from '../provider/specification-version.js';
import type { ProviderChunk } from '../provider/stream-part.js';
import type { ProviderContext } from './provider-context.js';
import type { ProviderFactoryContext } from '../provider/provider-factory.js';
import { resolveProviderSettings } from '../provider/resolve-provider-settings.js';
import { strictOptions } from '../validation/option-schemas.js';
import * as v from 'valibot';
import { thrown } from '../testing/captured-error.js';

// tsyringe checks for the Reflect metadata API as soon as it loads, and jest's ESM loader may run a
// CommonJS dependency before reflect-metadata: what pulls in tsyringe is imported only once it is there.
const { container } = await import('tsyringe');
const { injectProviderContext, registerProvider } = await import('./register-provider.js');
const { createRegistry } = await import('../registry/create-registry.js');

/** The attributes every test provider shares; each test sets its own id. */
abstract class BaseProvider implements Provider {
  readonly specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  abstract readonly id: string;
  readonly url = 'https://example.test';
  readonly loginUrl = undefined;
  readonly apiEndpoint = undefined;
  readonly working = true;
  readonly needsAuth = false;
  readonly useNodriver = false;
  readonly supportsStream = true;
  readonly supportsSystemMessage = true;
  readonly supportsMessageHistory = true;
  readonly defaultModel: string = 'echo';
  readonly defaultVisionModel = undefined;
  readonly visionModels: readonly string[] = [];
  readonly models: readonly string[] = ['echo'];
  readonly modelAliases = {};

  async *createAsyncGenerator(): AsyncGenerator<ProviderChunk> {
    yield `hello from ${this.id}`;
  }
}

function plainProvider(id: string): Provider {
  return new (class extends BaseProvider {
    readonly id = id;
  })();
}

let c: DependencyContainer;

beforeEach(() => {
  c = container.createChildContainer();
});

describe("registerProvider with a plugin's factory (contract v3)", () => {
  it('calls createProvider per registry with providerOptions[id], the environment, the logger and registeredAs', async () => {
    const seen: unknown[] = [];
    const createProvider = (settings?: Record<string, unknown>, context?: ProviderFactoryContext): Provider => {
      seen.push({ settings, env: context?.env?.['GREETING_KEY'], registeredAs: context?.registeredAs, hasLogger: typeof context?.logger?.info === 'function' });
      return new (class extends BaseProvider {
        readonly id = context?.registeredAs ?? 'factory-made';
        override async *createAsyncGenerator(): AsyncGenerator<ProviderChunk> {
          yield String(settings?.['greeting']);
        }
      })();
    };
    registerProvider({ id: 'factory-made', createProvider }, { container: c });

    const registry = createRegistry({ container: c, providerOptions: { 'factory-made': { greeting: 'hallo' } }, env: { GREETING_KEY: 'k-2' } });
    const second = createRegistry({ container: c, env: {} });

    expect(registry.provider('factory-made').id).toBe('factory-made');
    expect((await registry.create().generate('Hi')).text).toBe('hallo');
    expect(second.provider('factory-made')).not.toBe(registry.provider('factory-made'));
    expect(seen).toEqual([
      { settings: { greeting: 'hallo' }, env: 'k-2', registeredAs: 'factory-made', hasLogger: true },
      { settings: {}, env: undefined, registeredAs: 'factory-made', hasLogger: true },
    ]);
  });

  it('refuses a factory that answers with a promise there: a registry builds its providers synchronously', () => {
    registerProvider({ id: 'slow', createProvider: async () => plainProvider('slow') }, { container: c });

    const error = thrown(() => createRegistry({ container: c }));

    expect(error).toMatchObject({ name: 'InvalidArgumentError', argument: 'providerOptions.slow', reason: expect.stringContaining('returned a promise') });
  });

  it('lets the settings errors of the factory name providerOptions, as resolveProviderSettings words them', () => {
    const schema = strictOptions({ id: v.optional(v.string()), greeting: v.optional(v.string()) }, 'setting');
    const plugin = { id: 'greeter', label: 'Greeter', factory: 'createGreeter' };
    const createProvider = (settings?: object, context?: ProviderFactoryContext) => {
      const init = resolveProviderSettings(plugin, schema, settings, context);
      return plainProvider(init.id);
    };
    registerProvider({ id: 'greeter', createProvider }, { container: c });

    expect(thrown(() => createRegistry({ container: c, providerOptions: { greeter: { greting: 'hi' } } }))).toMatchObject({
      argument: 'providerOptions.greeter.greting',
      reason: "unknown setting; did you mean 'greeting'? Known settings: id, greeting.",
    });
    expect(thrown(() => createRegistry({ container: c, providerOptions: { greeter: { id: 'other' } } }))).toMatchObject({
      argument: 'providerOptions.greeter.id',
      reason: expect.stringContaining('createRegistry({ providers: [createGreeter({ id: "other", … })] })'),
    });
  });

  it('refuses a registration without an id or a factory', () => {
    expect(thrown(() => registerProvider({ id: '', createProvider: () => plainProvider('x') }, { container: c }))).toMatchObject({
      argument: 'registerProvider(registration)',
    });
  });
});

describe('registerProvider as a class decorator', () => {
  it('constructs the class per registry, injecting the context with @injectProviderContext()', async () => {
    const seen: { settings: unknown; env: unknown; hasLogger: boolean }[] = [];

    @registerProvider({ container: c })
    class Decorated extends BaseProvider {
      readonly id = 'decorated';
      readonly greeting: string;

      constructor(@injectProviderContext() context: ProviderContext) {
        super();
        const settings = context.settings('decorated');
        seen.push({ settings, env: context.env['GREETING_KEY'], hasLogger: typeof context.logger.info === 'function' });
        this.greeting = String(settings['greeting']);
      }

      override async *createAsyncGenerator(): AsyncGenerator<ProviderChunk> {
        yield this.greeting;
      }
    }

    const registry = createRegistry({ container: c, providerOptions: { decorated: { greeting: 'bonjour' } }, env: { GREETING_KEY: 'k-1' } });

    expect(registry.provider('decorated')).toBeInstanceOf(Decorated);
    expect(seen).toEqual([{ settings: { greeting: 'bonjour' }, env: 'k-1', hasLogger: true }]);
    expect((await registry.create().generate('Hi')).text).toBe('bonjour');
  });

  it("gives each registry its own instance, built with that registry's settings", () => {
    @registerProvider({ container: c })
    class Configured extends BaseProvider {
      readonly id = 'configured';
      readonly region: unknown;
      constructor(@injectProviderContext() context: ProviderContext) {
        super();
        this.region = context.settings('configured')['region'];
      }
    }

    const eu = createRegistry({ container: c, providerOptions: { configured: { region: 'eu' } } }).provider('configured') as Configured;
    const us = createRegistry({ container: c, providerOptions: { configured: { region: 'us' } } }).provider('configured') as Configured;

    expect(eu).not.toBe(us);
    expect([eu.region, us.region]).toEqual(['eu', 'us']);
  });

  it("hands the registry's logger to the provider", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });

    @registerProvider({ container: c })
    class Chatty extends BaseProvider {
      readonly id = 'chatty';
      constructor(@injectProviderContext() context: ProviderContext) {
        super();
        context.logger.info({ from: 'chatty' }, 'constructed');
      }
    }

    createRegistry({ container: c, logger: pino({ level: 'info' }, sink) });

    expect(Chatty).toBeDefined();
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ component: 'switchboard', from: 'chatty', msg: 'constructed' }),
    ]);
  });

  it('leaves the class usable as is', () => {
    @registerProvider({ container: c })
    class Kept extends BaseProvider {
      readonly id = 'kept';
    }

    expect(new Kept().id).toBe('kept');
  });
});

describe('registerProvider as a call', () => {
  it('hands an undecorated class the context as its one argument', async () => {
    class Undecorated extends BaseProvider {
      readonly id = 'undecorated';
      readonly token: string | undefined;
      constructor(context: ProviderContext) {
        super();
        this.token = context.env['TOKEN'];
      }
    }
    registerProvider(Undecorated, { container: c });

    const provider = createRegistry({ container: c, env: { TOKEN: 't-42' } }).provider('undecorated');

    expect(provider).toBeInstanceOf(Undecorated);
    expect((provider as Undecorated).token).toBe('t-42');
  });

  it('constructs a class that takes no arguments', () => {
    class NoArguments extends BaseProvider {
      readonly id = 'no-arguments';
    }
    registerProvider(NoArguments, { container: c });

    expect(createRegistry({ container: c }).provider('no-arguments')).toBeInstanceOf(NoArguments);
  });

  it('hands the context to a class that inherits its constructor', () => {
    class WithContext extends BaseProvider {
      readonly id: string = 'base-with-context';
      readonly apiKey: string | undefined;
      constructor(context: ProviderContext) {
        super();
        this.apiKey = context.env['API_KEY'];
      }
    }
    class Inheriting extends WithContext {
      override readonly id = 'inheriting';
    }
    registerProvider(Inheriting, { container: c });

    const provider = createRegistry({ container: c, env: { API_KEY: 'sk-1' } }).provider('inheriting') as Inheriting;

    expect(provider.apiKey).toBe('sk-1');
  });

  it('serves a registered instance itself', () => {
    const instance = plainProvider('instance');
    registerProvider(instance, { container: c });

    expect(createRegistry({ container: c }).provider('instance')).toBe(instance);
  });

  it('builds a provider with { useFactory }, handing the factory the context', () => {
    const settingsSeen: unknown[] = [];
    registerProvider(
      {
        useFactory: (context) => {
          settingsSeen.push(context.settings('factory-made'));
          return plainProvider('factory-made');
        },
      },
      { container: c },
    );

    const registry = createRegistry({ container: c, providerOptions: { 'factory-made': { baseUrl: 'http://127.0.0.1:1' } } });

    expect(registry.provider('factory-made').id).toBe('factory-made');
    expect(settingsSeen).toEqual([{ baseUrl: 'http://127.0.0.1:1' }]);
  });

  it('gives a provider without settings an empty object', () => {
    const settingsSeen: unknown[] = [];
    registerProvider({ useFactory: (context) => (settingsSeen.push(context.settings('bare')), plainProvider('bare')) }, { container: c });

    createRegistry({ container: c });

    expect(settingsSeen).toEqual([{}]);
  });

  it('ignores a second registration of the same class, instance or factory', () => {
    class Twice extends BaseProvider {
      readonly id = 'twice';
    }
    const instance = plainProvider('instance');
    const factory = { useFactory: () => plainProvider('factory') };
    for (let round = 0; round < 2; round++) {
      registerProvider(Twice, { container: c });
      registerProvider(instance, { container: c });
      registerProvider(factory, { container: c });
      registerProvider({ useFactory: factory.useFactory }, { container: c });
    }

    expect(
      createRegistry({ container: c })
        .providers()
        .map((provider) => provider.id),
    ).toEqual(['twice', 'instance', 'factory']);
  });

  it('registers only in the container it is given', () => {
    const other = container.createChildContainer();
    registerProvider(plainProvider('here'), { container: c });

    expect(createRegistry({ container: other }).providers()).toEqual([]);
    expect(
      createRegistry({ container: c })
        .providers()
        .map((provider) => provider.id),
    ).toEqual(['here']);
  });

  it("lets a child container serve its parent's providers", () => {
    registerProvider(plainProvider('inherited'), { container: c });

    expect(
      createRegistry({ container: c.createChildContainer() })
        .providers()
        .map((provider) => provider.id),
    ).toEqual(['inherited']);
  });

  it('refuses a factory that is not a function', () => {
    const error = thrown(() => registerProvider({ useFactory: 'nope' } as never, { container: c }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('registerProvider(factory).useFactory');
  });

  it('refuses an object that is no provider instead of ignoring it', () => {
    // A provider object missing its createAsyncGenerator must not pass for an options object.
    const incomplete = { id: 'incomplete', models: ['echo'], defaultModel: 'echo' };
    const error = thrown(() => registerProvider(incomplete as never, { container: c }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('registerProvider(provider)');
    expect((error as Error).message).toContain(
      "expected a plugin's { id, createProvider }, a provider class, a provider instance (with createAsyncGenerator) or { useFactory }",
    );
  });
});
