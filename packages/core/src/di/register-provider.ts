import './reflect.js';
import { container as globalContainer, inject, injectable, type DependencyContainer } from 'tsyringe';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Provider } from '../provider/provider.js';
import { isSupportedSpecificationVersion, unsupportedVersion } from '../provider/specification-version.js';
import type { ProviderContext } from './provider-context.js';
import { thisCopy } from './core-copies.js';
import { PROVIDER_CONTEXT_TOKEN, PROVIDER_TOKEN } from './tokens.js';

/** A provider class: constructed once per registry, with the registry's {@link ProviderContext}. */
export type ProviderClass = new (...args: never[]) => Provider;

/** A factory registration, for providers built by a function. */
export interface ProviderFactory {
  useFactory: (context: ProviderContext) => Provider;
}

/** What `registerProvider` accepts. */
export type ProviderRegistration = ProviderClass | Provider | ProviderFactory;

/** Options for {@link registerProvider}. */
export interface RegisterProviderOptions {
  /** The container to register in. @default tsyringe's global container */
  container?: DependencyContainer;
}

const registered = new WeakMap<DependencyContainer, Set<unknown>>();

/**
 * Registers a provider so that every registry created from the container serves it.
 *
 * As a class decorator: `@registerProvider()` on a provider class (constructor parameters are
 * injected by tsyringe; use {@link injectProviderContext} for the context). As a call:
 * `registerProvider(MyProvider)`, `registerProvider(instance)` or
 * `registerProvider({ useFactory: (context) => createMyProvider(context) })`. A plugin calls it in
 * its entry module, so importing the plugin is enough. Registering the same class or instance
 * twice in one container is a no-op (a module evaluated twice must not serve a provider twice).
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
      add(target, options?.container ?? globalContainer);
      return target;
    };
  }
  add(first, second?.container ?? globalContainer);
}

/**
 * Parameter decorator for a provider constructor: injects the registry's {@link ProviderContext}.
 * Plugins use it instead of importing tsyringe, so they share core's copy.
 */
export function injectProviderContext(): ParameterDecorator {
  return inject(PROVIDER_CONTEXT_TOKEN) as ParameterDecorator;
}

function isOptions(value: object): value is RegisterProviderOptions {
  // Only `{ container }` is options: any other object is a registration, checked (and refused) by `add`.
  return (
    typeof value !== 'function' && !('createAsyncGenerator' in value) && !('useFactory' in value) && Object.keys(value).every((key) => key === 'container')
  );
}

function add(registration: ProviderRegistration, target: DependencyContainer): void {
  let seen = registered.get(target);
  if (!seen) registered.set(target, (seen = new Set()));
  const key = typeof registration === 'object' && 'useFactory' in registration ? registration.useFactory : registration;
  if (seen.has(key)) return;

  if (typeof registration === 'function') {
    if (Reflect.getMetadata('design:paramtypes', registration) !== undefined) {
      // Decorated classes get full constructor injection.
      injectable()(registration as never);
      target.register(PROVIDER_TOKEN, { useClass: registration as never });
    } else {
      // An undecorated class has no parameter metadata: hand it the context as its one argument
      // (`length` cannot tell: a subclass inheriting a `(context)` constructor has length 0).
      const ProviderConstructor = registration as unknown as new (context: ProviderContext) => Provider;
      target.register(PROVIDER_TOKEN, { useFactory: (c) => new ProviderConstructor(c.resolve<ProviderContext>(PROVIDER_CONTEXT_TOKEN)) });
    }
  } else if ('useFactory' in registration) {
    if (typeof registration.useFactory !== 'function') {
      throw new InvalidArgumentError({ argument: 'registerProvider(factory).useFactory', reason: 'expected a function (context) => Provider.' });
    }
    target.register(PROVIDER_TOKEN, { useFactory: (c) => registration.useFactory(c.resolve<ProviderContext>(PROVIDER_CONTEXT_TOKEN)) });
  } else if (typeof registration === 'object' && registration !== null && typeof registration.createAsyncGenerator === 'function') {
    // An instance can be checked now; classes and factories are checked when a registry builds them.
    if (!isSupportedSpecificationVersion(registration.specificationVersion)) {
      throw unsupportedVersion(`registerProvider(provider '${String(registration.id)}')`, registration.specificationVersion);
    }
    target.register(PROVIDER_TOKEN, { useValue: registration });
  } else {
    throw new InvalidArgumentError({
      argument: 'registerProvider(provider)',
      reason: 'expected a provider class, a provider instance (with createAsyncGenerator) or { useFactory }.',
    });
  }
  seen.add(key);
  thisCopy.registered.push(typeof registration === 'function' ? registration.name : 'useFactory' in registration ? 'a factory' : `'${registration.id}'`);
}
