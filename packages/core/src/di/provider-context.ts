import type { Logger } from '../logging/logger.js';

/**
 * What a provider's constructor receives from the registry that builds it: its own settings from
 * `createRegistry({ providerOptions })`, a logger, and the environment (for API keys and base
 * URLs, read lazily).
 */
export interface ProviderContext {
  /** `providerOptions[providerId]` from `createRegistry`, or an empty object. */
  settings(providerId: string): Readonly<Record<string, unknown>>;
  /** The registry's logger; providers make a child per component. */
  logger: Logger;
  /** Environment variables (defaults to `process.env`; tests pass their own). */
  env: Readonly<Record<string, string | undefined>>;
}
