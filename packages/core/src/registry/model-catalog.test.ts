import { Writable } from 'node:stream';
import { pino } from 'pino';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelNotFoundError } from '../errors/model-not-found-error.js';
import { ProviderNotFoundError } from '../errors/provider-not-found-error.js';
import type { Provider } from '../provider/provider.js';
import { ModelCatalog, type CatalogEntry } from './model-catalog.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { thrown } from '../testing/captured-error.js';

function fakeProvider(attributes: Partial<Provider> & Pick<Provider, 'id' | 'models'>): Provider {
  return createFakeProvider(attributes);
}

/** A pino logger writing JSON lines into an array. */
function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

const served = (entries: readonly CatalogEntry[]) => entries.map(({ provider, model }) => `${provider.id}/${model}`);

const alpha = fakeProvider({
  id: 'alpha',
  models: ['gemini-2.0-flash', 'gemini-1.5-flash', 'alpha-mini'],
  visionModels: ['gemini-1.5-flash'],
  modelAliases: { flash: 'gemini-2.0-flash', fast: 'alpha-mini' },
});
const beta = fakeProvider({
  id: 'beta',
  models: ['gemini-2.0-flash', 'beta-large'],
  modelAliases: { flash: 'gemini-2.0-flash', big: 'beta-large' },
});

const catalogOf = (providers: readonly Provider[], hostAliases: Record<string, string> = {}) =>
  new ModelCatalog({ providers, hostAliases, logger: pino({ level: 'silent' }) });

describe('ModelCatalog.resolve', () => {
  const catalog = catalogOf([alpha, beta], { quick: 'fast', large: 'big' });

  it('finds every provider serving a model, in registration order', () => {
    expect(served(catalog.resolve('gemini-2.0-flash'))).toEqual(['alpha/gemini-2.0-flash', 'beta/gemini-2.0-flash']);
    expect(served(catalog.resolve('beta-large'))).toEqual(['beta/beta-large']);
  });

  it("maps a provider's alias to that provider's model", () => {
    expect(served(catalog.resolve('flash'))).toEqual(['alpha/gemini-2.0-flash', 'beta/gemini-2.0-flash']);
    expect(served(catalog.resolve('fast'))).toEqual(['alpha/alpha-mini']);
  });

  it("follows the host's aliases into the providers' names", () => {
    expect(served(catalog.resolve('quick'))).toEqual(['alpha/alpha-mini']);
    expect(served(catalog.resolve('large'))).toEqual(['beta/beta-large']);
  });

  it("resolves the host's aliases before the providers' aliases", () => {
    const hostWins = catalogOf([alpha, beta], { fast: 'beta-large' });

    expect(served(hostWins.resolve('fast'))).toEqual(['beta/beta-large']);
  });

  it('limits `provider/model` to that provider, aliases included', () => {
    expect(served(catalog.resolve('beta/gemini-2.0-flash'))).toEqual(['beta/gemini-2.0-flash']);
    expect(served(catalog.resolve('alpha/fast'))).toEqual(['alpha/alpha-mini']);
    expect(served(catalog.resolve('alpha/'))).toEqual(['alpha/gemini-2.0-flash']);
  });

  it('keeps a model whose own name has a slash', () => {
    const hub = fakeProvider({ id: 'hub', models: ['meta-llama/Llama-3-8B'] });

    expect(served(catalogOf([hub]).resolve('meta-llama/Llama-3-8B'))).toEqual(['hub/meta-llama/Llama-3-8B']);
  });

  it('refuses an unknown name with every valid name and the closest ones', () => {
    const error = thrown(() => catalog.resolve('gemini-2.0-flsh'));

    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    const notFound = error as ModelNotFoundError;
    expect(notFound.closestModels[0]).toBe('gemini-2.0-flash');
    expect(notFound.availableModels).toEqual(catalog.names());
    expect(notFound.message).toContain("Did you mean 'gemini-2.0-flash'");
    expect(notFound.message).toContain('Valid models: alpha-mini, beta-large, big, fast, flash, gemini-1.5-flash, gemini-2.0-flash, large, quick.');
  });

  it('refuses a model the named provider does not serve, naming that provider', () => {
    const error = thrown(() => catalog.resolve('beta/alpha-mini'));

    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect((error as ModelNotFoundError).provider).toBe('beta');
    expect((error as ModelNotFoundError).availableModels).toEqual(['gemini-2.0-flash', 'beta-large', 'flash', 'big']);
  });

  it('names an unknown provider before a slash when it is close to a provider id, or the rest is a model', () => {
    for (const name of ['alpa/alpha-mini', 'gamma/gemini-2.0-flash']) {
      const error = thrown(() => catalog.resolve(name)) as ProviderNotFoundError;

      expect(ProviderNotFoundError.isInstance(error)).toBe(true);
      expect(error.providerId).toBe(name.split('/')[0]);
    }
    expect((thrown(() => catalog.resolve('alpa/alpha-mini')) as Error).message).toBe(
      "Provider 'alpa' is not registered. Did you mean 'alpha'? Registered providers: alpha, beta. ('alpa/alpha-mini' names the provider before the '/'.)",
    );
  });

  it('treats any other name with a slash as an unknown model (model names may contain one)', () => {
    expect(ModelNotFoundError.isInstance(thrown(() => catalog.resolve('meta-llama/Llama-3-8B')))).toBe(true);
  });
});

describe('ModelCatalog construction', () => {
  it("ignores, with a warning, a provider alias that shadows one of the provider's own models", () => {
    const { logger, lines } = captureLogs();
    const swapper = fakeProvider({ id: 'swapper', models: ['gpt-4o', 'gpt-4o-mini'], modelAliases: { 'gpt-4o': 'gpt-4o-mini' } });
    const catalog = new ModelCatalog({ providers: [swapper], hostAliases: {}, logger });

    expect(served(catalog.resolve('gpt-4o'))).toEqual(['swapper/gpt-4o']);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, provider: 'swapper', alias: 'gpt-4o', target: 'gpt-4o-mini', msg: expect.stringContaining('shadows') }),
    ]);
  });

  it('refuses a provider alias that leads to none of its models', () => {
    const broken = fakeProvider({ id: 'broken', models: ['m1'], modelAliases: { old: 'm0' } });
    const error = thrown(() => catalogOf([broken]));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("provider 'broken' modelAliases['old']");
    expect((error as Error).message).toContain("the alias does not lead to one of the provider's models (m1)");
    expect(ModelNotFoundError.isInstance((error as Error).cause)).toBe(true);
  });

  it('refuses a provider alias cycle, keeping the loop in the cause', () => {
    const looping = fakeProvider({ id: 'looping', models: ['m1'], modelAliases: { a: 'b', b: 'a' } });
    const error = thrown(() => catalogOf([looping])) as InvalidArgumentError;

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error.cause as Error).message).toContain("alias cycle 'a' -> 'b' -> 'a'");
  });

  it('refuses a host alias to a model no provider serves, with the closest names', () => {
    const error = thrown(() => catalogOf([alpha, beta], { default: 'gemini-2.0-flsh' }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("aliases['default']");
    expect((error as Error).message).toContain("it points to 'gemini-2.0-flsh', which no registered provider serves. Did you mean 'gemini-2.0-flash'");
    expect((error as Error).message).toContain('Valid models: alpha-mini, beta-large');
  });

  it('does not offer the broken alias, nor another leading to the same place, as a valid name', () => {
    const error = thrown(() => catalogOf([alpha], { quick: 'fast', broken: 'gemini-2.0-flsh', also: 'broken' })) as Error;

    expect(error.message).toBe(
      "Invalid aliases['broken']: it points to 'gemini-2.0-flsh', which no registered provider serves. Did you mean 'gemini-2.0-flash' or 'gemini-1.5-flash'? " +
        'Valid models: alpha-mini, fast, flash, gemini-1.5-flash, gemini-2.0-flash, quick.',
    );
  });

  it('refuses a host alias to a model the named provider does not serve, naming the alias', () => {
    const error = thrown(() => catalogOf([alpha, beta], { default: 'beta/alpha-mini' }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("aliases['default']");
    expect((error as Error).message).toContain("it points to 'beta/alpha-mini', which no registered provider serves.");
    expect((error as Error).cause).toMatchObject({ name: 'ModelNotFoundError', provider: 'beta', modelId: 'alpha-mini' });
  });

  it('refuses a host alias chain that ends nowhere, naming the end', () => {
    const error = thrown(() => catalogOf([alpha], { a: 'b', b: 'nowhere' }));

    expect((error as InvalidArgumentError).argument).toBe("aliases['a']");
    expect((error as Error).message).toContain("it points to 'nowhere'");
  });

  it('refuses a host alias cycle, naming the loop', () => {
    const error = thrown(() => catalogOf([alpha], { a: 'b', b: 'a' }));

    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('aliases');
    expect((error as Error).message).toContain("alias cycle 'a' -> 'b' -> 'a'");
  });

  it('refuses a host alias target that is not a model name, wherever it sits in the table', () => {
    for (const hostAliases of [{ broken: 42 }, { quick: 'broken', broken: 42 }, { broken: '' }]) {
      const error = thrown(() => catalogOf([alpha], hostAliases as unknown as Record<string, string>));

      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe("aliases['broken']");
    }
  });

  it('accepts a host alias to a `provider/model` name', () => {
    expect(served(catalogOf([alpha, beta], { pinned: 'beta/gemini-2.0-flash' }).resolve('pinned'))).toEqual(['beta/gemini-2.0-flash']);
  });
});

describe('ModelCatalog.names', () => {
  it('lists models, provider aliases and host aliases once each, sorted', () => {
    expect(catalogOf([alpha, beta], { quick: 'fast' }).names()).toEqual([
      'alpha-mini',
      'beta-large',
      'big',
      'fast',
      'flash',
      'gemini-1.5-flash',
      'gemini-2.0-flash',
      'quick',
    ]);
  });
});

describe('ModelCatalog.models', () => {
  /** An entry as models() lists it, from `provider/model` routes. */
  const entry = (id: string, routes: string[], more: { aliases?: string[]; aliasOf?: string; vision?: boolean } = {}) => ({
    id,
    providers: routes.map((route) => route.split('/')[0]),
    routes: routes.map((route) => ({ provider: route.split('/')[0], model: route.split('/')[1] })),
    aliases: more.aliases ?? [],
    ...(more.aliasOf ? { aliasOf: more.aliasOf } : {}),
    vision: more.vision ?? false,
  });

  it('lists each public name once: models with the aliases standing for them, then each alias with its own providers', () => {
    expect(catalogOf([alpha, beta], { quick: 'fast', latest: 'gemini-2.0-flash', pinned: 'beta/beta-large' }).models()).toEqual([
      entry('alpha-mini', ['alpha/alpha-mini'], { aliases: ['fast', 'quick'] }),
      entry('beta-large', ['beta/beta-large'], { aliases: ['big', 'pinned'] }),
      entry('big', ['beta/beta-large'], { aliasOf: 'beta-large' }),
      entry('fast', ['alpha/alpha-mini'], { aliasOf: 'alpha-mini' }),
      entry('flash', ['alpha/gemini-2.0-flash', 'beta/gemini-2.0-flash'], { aliasOf: 'gemini-2.0-flash' }),
      entry('gemini-1.5-flash', ['alpha/gemini-1.5-flash'], { vision: true }),
      entry('gemini-2.0-flash', ['alpha/gemini-2.0-flash', 'beta/gemini-2.0-flash'], { aliases: ['flash', 'latest'] }),
      entry('latest', ['alpha/gemini-2.0-flash', 'beta/gemini-2.0-flash'], { aliasOf: 'gemini-2.0-flash' }),
      entry('pinned', ['beta/beta-large'], { aliasOf: 'beta-large' }),
      entry('quick', ['alpha/alpha-mini'], { aliasOf: 'alpha-mini' }),
    ]);
  });

  it("puts a provider that serves a model under its own alias among that model's providers, in routing order", () => {
    const local = fakeProvider({ id: 'local', models: ['llama-3.1-8b'] });
    const groq = fakeProvider({ id: 'groq', models: ['llama-3.1-8b-instant'], modelAliases: { 'llama-3.1-8b': 'llama-3.1-8b-instant' } });

    expect(catalogOf([groq, local]).models()).toEqual([
      entry('llama-3.1-8b', ['groq/llama-3.1-8b-instant', 'local/llama-3.1-8b']),
      entry('llama-3.1-8b-instant', ['groq/llama-3.1-8b-instant']),
    ]);
    expect(catalogOf([groq, local]).models({ 'llama-3.1-8b': ['local', 'groq'] })[0]).toEqual(
      entry('llama-3.1-8b', ['local/llama-3.1-8b', 'groq/llama-3.1-8b-instant']),
    );
  });

  it('marks a name as vision when any one of its providers takes images with it', () => {
    const seeing = fakeProvider({ id: 'seeing', models: ['gemini-2.0-flash'], visionModels: ['gemini-2.0-flash'] });

    expect(
      catalogOf([beta, seeing])
        .models()
        .find((model) => model.id === 'gemini-2.0-flash'),
    ).toEqual(entry('gemini-2.0-flash', ['beta/gemini-2.0-flash', 'seeing/gemini-2.0-flash'], { aliases: ['flash'], vision: true }));
  });

  it('is empty without providers', () => {
    expect(catalogOf([]).models()).toEqual([]);
  });
});
