import type { Logger } from '../logging/logger.js';

/**
 * What a registry hands the providers registered in its container: settings by provider id (from
 * `createRegistry({ providerOptions })`), its logger and the environment. A plugin's factory gets
 * these as `createProvider(settings(id), { env, logger, registeredAs: id })`; a provider class
 * registered the v1/v2 way gets this object itself in its constructor.
 */
export interface ProviderContext {
  /** `providerOptions[providerId]` from `createRegistry`, or an empty object. */
  settings(providerId: string): Readonly<Record<string, unknown>>;
  /** The registry's logger; providers make a child per component. */
  logger: Logger;
  /** Environment variables (defaults to `process.env`; tests pass their own). */
  env: Readonly<Record<string, string | undefined>>;
}
