// __PACKAGE_NAME__: importing this module registers __CLASS_NAME__, so every Switchboard
// registry created afterwards serves it (`providerOptions['__PROVIDER_ID__']` configures it).
import { registerProvider, type ProviderModuleFactory } from '@switchboard/core/provider';
import { __CLASS_NAME__, __FACTORY_NAME__, type __CLASS_NAME__Settings } from './provider.js';

registerProvider(__CLASS_NAME__);

export { __CLASS_NAME__, __FACTORY_NAME__ };
export type { __CLASS_NAME__Settings };

/** For tools that load plugins by package name (a config file's `{ "use": "__PACKAGE_NAME__" }`). */
export const createProvider: ProviderModuleFactory = (settings, context) => __FACTORY_NAME__(settings as __CLASS_NAME__Settings | undefined, context);
