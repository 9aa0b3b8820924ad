import type { Logger } from '../logging/logger.js';
import type { Provider } from './provider.js';

/** What a provider factory receives besides the settings. */
export interface ProviderFactoryContext {
  /** Environment for API keys and base URLs. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the provider logs. @default silent */
  logger?: Logger;
  /**
   * Set by a registry building a plugin's registered provider (`registerProvider({ id,
   * createProvider })`): the id it is registered under. The settings then come from
   * `providerOptions[id]` (errors name that path), the provider's id is fixed to it, and the
   * factory must return the provider itself, not a promise (`createRegistry()` is synchronous), so
   * it cannot ask its server first. Unset when code or a config file calls the factory.
   */
  registeredAs?: string;
}

/**
 * The one way a provider is built: a plugin's `createProvider(settings, context)`. A registry
 * calls it for the registered provider (with `providerOptions[id]`), a config file's instances call
 * it (`{ "use": "@switchboard/provider-dynaspark", …settings }`), and code calls it for more
 * instances under their own `id`. It checks the settings before anything else (errors name each
 * field) and may return a promise when it has to ask the server first (model discovery), except
 * when `context.registeredAs` is set.
 */
export type ProviderFactory<Settings extends object = Record<string, unknown>, P extends Provider = Provider> = (
  settings?: Settings,
  context?: ProviderFactoryContext,
) => P | Promise<P>;

/**
 * What a provider package's main entry exports, so tools that only know its name (the CLI's
 * config file: `{ "use": "@switchboard/provider-dynaspark", … }`) can make instances of it.
 */
export interface ProviderModule {
  // biome-ignore lint/suspicious/noExplicitAny: a module's factory takes its own settings type, which the loader cannot know.
  createProvider: ProviderFactory<any>;
}
