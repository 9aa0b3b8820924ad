import type { ProviderFactoryContext, ProviderModuleFactory } from '@switchboard/core/provider';
import { DynasparkProvider } from './dynaspark-provider.js';
import { resolveDynasparkSettings, type DynasparkSettings } from './dynaspark-settings.js';

/**
 * Creates a Dynaspark provider from plain settings, outside dependency injection: for a second
 * instance beside the registered one (give it its own `id`), or a registry that takes only the
 * providers it is given. Settings are checked at once; errors name `createDynaspark(settings)`.
 *
 * @example
 * const registry = createRegistry({ providers: [createDynaspark({ id: 'dynaspark-old', path: '/generate_response' })] });
 */
export function createDynaspark(settings: DynasparkSettings = {}, context: ProviderFactoryContext = {}): DynasparkProvider {
  const resolved = resolveDynasparkSettings(settings, { env: context.env ?? process.env, source: 'createDynaspark(settings)' });
  return new DynasparkProvider({ settings: resolved, logger: context.logger });
}

/**
 * The plugin's entry for tools that know it only by package name (a config file's
 * `{ "use": "@switchboard/provider-dynaspark", "id": …, …settings }`): `createDynaspark`.
 */
export const createProvider: ProviderModuleFactory = (settings, context) => createDynaspark(settings as DynasparkSettings | undefined, context);
