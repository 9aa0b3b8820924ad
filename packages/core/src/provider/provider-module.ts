import type { Logger } from '../logging/logger.js';
import type { Provider } from './provider.js';

/** What a provider factory receives besides the settings. */
export interface ProviderFactoryContext {
  /** Environment for API keys and base URLs. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the provider logs. @default silent */
  logger?: Logger;
}

/**
 * Makes a provider instance from plain settings: the same settings a registry hands the
 * registered class through `providerOptions`, plus an optional `id` so one plugin can serve
 * several endpoints side by side. May read the model list from the server first, hence the
 * promise.
 */
export type ProviderFactory<Settings extends object = Record<string, unknown>> = (
  settings?: Settings,
  context?: ProviderFactoryContext,
) => Provider | Promise<Provider>;

/**
 * What a provider package's main entry exports, so tools that only know its name (the CLI's
 * config file: `{ "use": "@switchboard/provider-dynaspark", … }`) can make instances of it.
 */
export interface ProviderModule {
  createProvider: ProviderFactory;
}
