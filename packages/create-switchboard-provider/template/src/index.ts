// __PACKAGE_NAME__: importing this module registers the plugin's factory, so every Switchboard
// registry created afterwards serves it (`providerOptions['__PROVIDER_ID__']` configures it).
import { registerProvider } from '@switchboard/core/provider';
import { __CLASS_NAME__, __FACTORY_NAME__, type __CLASS_NAME__Settings } from './provider.js';

registerProvider({ id: '__PROVIDER_ID__', createProvider: __FACTORY_NAME__ });

export { __CLASS_NAME__, __FACTORY_NAME__ };
export type { __CLASS_NAME__Settings };
/** `__FACTORY_NAME__`, under the name tools that load plugins by package name (a config file's `{ "use": "__PACKAGE_NAME__" }`) call. */
export { __FACTORY_NAME__ as createProvider };
