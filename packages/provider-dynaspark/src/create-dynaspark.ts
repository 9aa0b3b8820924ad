import type { ProviderFactoryContext } from '@switchboard/core/provider';
import { DynasparkProvider } from './dynaspark-provider.js';
import { resolveDynasparkSettings, type DynasparkSettings } from './dynaspark-settings.js';

/**
 * The one way a Dynaspark provider is built. A registry calls it for the registered provider
 * (with `providerOptions.dynaspark`), a config file's `{ "use": "@switchboard/provider-dynaspark",
 * … }` instances call it (as `createProvider`), and code calls it for another instance under its
 * own `id`. Settings are checked at once; errors name where they came from
 * (`createDynaspark(settings).mode`, `providerOptions.dynaspark.mode`).
 *
 * @example
 * const registry = createRegistry({ providers: [createDynaspark({ id: 'dynaspark-old', path: '/generate_response' })] });
 */
export function createDynaspark(settings?: DynasparkSettings, context: ProviderFactoryContext = {}): DynasparkProvider {
  return new DynasparkProvider(resolveDynasparkSettings(settings, context), context.logger);
}

/** `createDynaspark`, under the name tools that load plugins by package name call. */
export const createProvider = createDynaspark;
