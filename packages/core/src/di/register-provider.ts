import type { ClassProvider, DependencyContainer, FactoryProvider, ValueProvider } from 'tsyringe';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderFactory } from '../provider/provider-factory.js';
import { isSupportedSpecificationVersion, unsupportedVersion } from '../provider/specification-version.js';
import type { ProviderContext } from './provider-context.js';
import { thisCopy } from './core-copies.js';
import { PROVIDER_CONTEXT_TOKEN, PROVIDER_TOKEN } from './tokens.js';
import { onTsyringeLoaded, tsyringe } from './tsyringe.js';

/**
 * A plugin's factory, registered under the id of the provider it builds: the way a plugin
 * registers itself (contract v3). Every registry made afterwards calls
 * `createProvider(providerOptions[id], { env, logger, registeredAs: id })`.
 * @example registerProvider({ id: 'dynaspark', createProvider })
 */
export interface FactoryRegistration {
  /** The registered provider's id: the key of `providerOptions` its settings come from. */
  id: string;
  // biome-ignore lint/suspicious/noExplicitAny: the plugin's own settings type.
  createProvider: ProviderFactory<any>;
}

/** A provider class (contract v1/v2 style, still accepted): constructed once per registry, with its {@link ProviderContext}. */
export type ProviderClass = new (...args: never[]) => Provider;

/** A function of the registry's {@link ProviderContext} (contract v1/v2 style, still accepted). */
export interface UseFactoryRegistration {
  useFactory: (context: ProviderContext) => Provider;
}

/** What `registerProvider` accepts: a plugin's factory, or (v1/v2 plugins) a class, an instance or `{ useFactory }`. */
export type ProviderRegistration = FactoryRegistration | ProviderClass | Provider | UseFactoryRegistration;

/** Options for {@link registerProvider}. */
export interface RegisterProviderOptions {
  /** The container to register in. @default tsyringe's global container */
  container?: DependencyContainer;
}

const registered = new WeakMap<DependencyContainer, Set<unknown>>();

/**
 * Registers a provider so that every registry created from the container serves it. A plugin
 * calls it in its entry module, so importing the plugin is enough:
 * `registerProvider({ id: 'acme', createProvider })` registers the plugin's factory, which each
 * registry calls with `providerOptions.acme`. Providers written against contract v1 or v2 may
 * still register a class (`@registerProvider()` on it, or `registerProvider(MyProvider)`, its
 * constructor injected with {@link injectProviderContext}), an instance, or `{ useFactory }`.
 * Registering the same factory, class or instance twice in one container is a no-op (a module
 * evaluated twice must not serve a provider twice).
 */
export function registerProvider(options?: RegisterProviderOptions): <T extends ProviderClass>(target: T) => T;
export function registerProvider(provider: ProviderRegistration, options?: RegisterProviderOptions): void;
export function registerProvider(
  first?: ProviderRegistration | RegisterProviderOptions,
  second?: RegisterProviderOptions,
): (<T extends ProviderClass>(target: T) => T) | undefined {
  if (first === undefined || isOptions(first)) {
    const options = first;
    return <T extends ProviderClass>(target: T): T => {
      add(target, options?.container);
      return target;
    };
  }
  add(first, second?.container);
}

/**
 * Parameter decorator for a provider constructor registered as a class (contract v1/v2 style):
 * injects the registry's {@link ProviderContext}. Plugins use it instead of importing tsyringe, so
 * they share core's copy.
 */
export function injectProviderContext(): ParameterDecorator {
  return tsyringe().inject(PROVIDER_CONTEXT_TOKEN) as ParameterDecorator;
}

function isOptions(value: object): value is RegisterProviderOptions {
  // Only `{ container }` is options: any other object is a registration, checked (and refused) by `add`.
  return (
    typeof value !== 'function' &&
    !('createAsyncGenerator' in value) &&
    !('useFactory' in value) &&
    !('createProvider' in value) &&
    Object.keys(value).every((key) => key === 'container')
  );
}

/** A registration, checked, as tsyringe takes it. */
type Registered = ClassProvider<Provider> | FactoryProvider<Provider> | ValueProvider<Provider>;

// Registrations in tsyringe's global container wait here until core loads tsyringe (the first
// registry that serves registered providers, or an explicit container): a plugin registers itself
// when imported, and a command that builds its registry from a config file never loads tsyringe.
const waiting: { key: unknown; registered: Registered }[] = [];
onTsyringeLoaded(({ container }) => {
  for (const { key, registered: registration } of waiting.splice(0)) registerOnce(container, key, registration);
});

/** Checks a registration now (a mistake throws where the plugin registers), and registers it in `target` (default: the global container). */
function add(registration: ProviderRegistration, target: DependencyContainer | undefined): void {
  const key =
    typeof registration === 'object' && 'useFactory' in registration
      ? registration.useFactory
      : typeof registration === 'object' && 'createProvider' in registration
        ? registration.createProvider
        : registration;
  const loaded = target ?? tsyringe.loaded()?.container;
  if (loaded ? registered.get(loaded)?.has(key) : waiting.some((each) => each.key === key)) return;
  const checked = toRegistered(registration);
  if (loaded) registerOnce(loaded, key, checked);
  else waiting.push({ key, registered: checked });
  thisCopy.registered.push(
    typeof registration === 'function'
      ? registration.name
      : 'createProvider' in registration
        ? `'${registration.id}'`
        : 'useFactory' in registration
          ? 'a factory'
          : `'${registration.id}'`,
  );
}

function registerOnce(target: DependencyContainer, key: unknown, registration: Registered): void {
  let seen = registered.get(target);
  if (!seen) registered.set(target, (seen = new Set()));
  if (seen.has(key)) return;
  // One of tsyringe's provider kinds; its overloads take each kind alone.
  target.register(PROVIDER_TOKEN, registration as never);
  seen.add(key);
}

/** What tsyringe registers for a provider registration, or a typed error saying what it should have been. */
function toRegistered(registration: ProviderRegistration): Registered {
  if (typeof registration === 'function') {
    if (Reflect.getMetadata('design:paramtypes', registration) !== undefined) {
      // Decorated classes get full constructor injection.
      tsyringe().injectable()(registration as never);
      return { useClass: registration as never };
    }
    // An undecorated class has no parameter metadata: hand it the context as its one argument
    // (`length` cannot tell: a subclass inheriting a `(context)` constructor has length 0).
    const ProviderConstructor = registration as unknown as new (context: ProviderContext) => Provider;
    return { useFactory: (c) => new ProviderConstructor(c.resolve<ProviderContext>(PROVIDER_CONTEXT_TOKEN)) };
  }
  if (typeof registration === 'object' && registration !== null && 'createProvider' in registration) {
    const { id, createProvider } = registration;
    if (typeof id !== 'string' || id === '' || typeof createProvider !== 'function') {
      throw new InvalidArgumentError({
        argument: 'registerProvider(registration)',
        reason: "expected { id, createProvider }: the registered provider's id and the plugin's factory (settings, context) => Provider.",
      });
    }
    return { useFactory: (c) => buildRegistered(id, createProvider, c.resolve<ProviderContext>(PROVIDER_CONTEXT_TOKEN)) };
  }
  if (typeof registration === 'object' && registration !== null && 'useFactory' in registration) {
    if (typeof registration.useFactory !== 'function') {
      throw new InvalidArgumentError({ argument: 'registerProvider(factory).useFactory', reason: 'expected a function (context) => Provider.' });
    }
    return { useFactory: (c) => registration.useFactory(c.resolve<ProviderContext>(PROVIDER_CONTEXT_TOKEN)) };
  }
  if (typeof registration === 'object' && registration !== null && typeof registration.createAsyncGenerator === 'function') {
    // An instance can be checked now; classes and factories are checked when a registry builds them.
    if (!isSupportedSpecificationVersion(registration.specificationVersion)) {
      throw unsupportedVersion(`registerProvider(provider '${String(registration.id)}')`, registration.specificationVersion);
    }
    return { useValue: registration };
  }
  throw new InvalidArgumentError({
    argument: 'registerProvider(provider)',
    reason: "expected a plugin's { id, createProvider }, a provider class, a provider instance (with createAsyncGenerator) or { useFactory }.",
  });
}

/** The registered provider of a plugin, built by its factory from `providerOptions[id]`, synchronously. */
// biome-ignore lint/suspicious/noExplicitAny: the plugin's own settings type.
function buildRegistered(id: string, createProvider: ProviderFactory<any>, context: ProviderContext): Provider {
  const provider = createProvider(context.settings(id), { env: context.env, logger: context.logger, registeredAs: id });
  if (typeof (provider as { then?: unknown } | null)?.then === 'function') {
    (provider as Promise<Provider>).catch(() => {});
    throw new InvalidArgumentError({
      argument: `providerOptions.${id}`,
      reason: `the plugin registered as '${id}' returned a promise from createProvider, but a registry builds its registered providers synchronously (context.registeredAs is set). The plugin must build the provider from its settings alone there.`,
    });
  }
  return provider as Provider;
}
