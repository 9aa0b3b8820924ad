import { createRegistry, InvalidArgumentError, type Logger, type ProviderLimits, type Registry, type StateStore } from '@switchboard/core';
import { ConfigError } from '../errors/config-error.js';
import { checkConfig } from './check-config.js';
import { CONFIG_KEYS } from './config-schema.js';
import { createProviders } from './create-providers.js';
import { createStore } from './create-store.js';
import { expandVariables } from './expand-variables.js';
import type { ProviderSource } from './provider-source.js';
import type { SwitchboardConfig } from './switchboard-config.js';

/** Options of {@link registryFromConfig}. */
export interface RegistryFromConfigOptions {
  /** The parsed file, not yet checked. */
  content: unknown;
  /** The file's name, for errors. */
  file: string;
  /** Where plugins are looked for first. */
  directory: string;
  env: Readonly<Record<string, string | undefined>>;
  /** What the command uses besides the providers and the registry's options. @default everything */
  uses?: ConfigUses;
  /** `serve --store`: wins over the file's `store`. */
  store?: string | undefined;
  /** Where the registry logs (`serve`: the terminal, so a store's outage and return are seen). @default silent */
  logger?: Logger | undefined;
}

/**
 * The parts of the file a command uses besides the providers and the registry's options: a part
 * it does not use cannot stop it (its variables are not read, its values not checked by core).
 */
export interface ConfigUses {
  /** `server` and `store`: only `serve` runs the gateway, and shares its state with other replicas. @default true */
  server?: boolean;
  /** `defaultModel`: `chat` without `-m`, and `serve`. @default true */
  defaultModel?: boolean;
}

/** A registry built from a file, the file (variables expanded), and which instance made each provider. */
export interface ConfiguredRegistry {
  registry: Registry;
  config: SwitchboardConfig;
  /** The shared store the registry took (`store`, or `--store`), not yet connected; undefined without one. */
  store: StateStore | undefined;
  /** The instance of the file that made a provider (by id). */
  sourceOf(providerId: string): ProviderSource;
}

// Core's options that a config file sets; their errors point into the file.
const SECTIONS = CONFIG_KEYS.filter((key) => !['$schema', 'providers', 'server'].includes(key));

/**
 * Checks a configuration, expands its variables and builds a registry serving exactly its
 * provider instances (`useRegistered: false`: importing a plugin also registers its default
 * class, which the file did not ask for).
 */
export async function registryFromConfig({
  content,
  file,
  directory,
  env,
  uses = {},
  store: storeFlag,
  logger,
}: RegistryFromConfigOptions): Promise<ConfiguredRegistry> {
  const config = expandVariables(checkConfig(content, file), { env, file, skip: uses.server === false ? ['server', 'store'] : [] });
  const providers = await createProviders({ instances: config.providers, file, directory, env });
  const sources = new Map<string, ProviderSource>(
    providers.map((provider, index) => [provider.id, { kind: 'config', file, index, use: config.providers[index]!.use }]),
  );
  // Each instance's `limits` is its provider's budget: core's `limits`, by provider id.
  const limits: Record<string, ProviderLimits> = {};
  providers.forEach((provider, index) => {
    const budget = config.providers[index]!.limits;
    if (budget !== undefined) limits[provider.id] = budget;
  });
  // The rest of the file is registry options, handed over as they are: core checks them.
  const { $schema: _schema, providers: _instances, server: _server, store: storeSettings, defaultModel, ...options } = config;
  let store: StateStore | undefined;
  // One switch for content: the gateway's captured requests and the registry's spans.
  const captureContent = uses.server === false ? undefined : config.server?.captureContent;
  try {
    if (uses.server !== false && (storeFlag ?? storeSettings) !== undefined) {
      store = await createStore(storeFlag ?? storeSettings!, storeFlag !== undefined ? { kind: 'flag' } : { kind: 'file', file });
    }
    const registry = createRegistry({
      ...options,
      ...(captureContent === undefined ? {} : { telemetry: { captureContent } }),
      ...(defaultModel === undefined || uses.defaultModel === false ? {} : { defaultModel }),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
      ...(store ? { store } : {}),
      ...(logger ? { logger } : {}),
      providers,
      useRegistered: false,
      env,
    });
    return { registry, config, store, sourceOf: (id) => sources.get(id) ?? { kind: 'installed' } };
  } catch (error) {
    await Promise.all([...providers.map((provider) => provider.close?.()), store?.close()]);
    throw registryError(error, file, providers);
  }
}

/**
 * Core names its options `options.resilience.maxAttempts` or `aliases['flash']`; the file says
 * `resilience.maxAttempts`. A provider's budget is `options.limits.<id>` to core and
 * `providers[<i>].limits` in the file.
 */
function registryError(error: unknown, file: string, providers: readonly { id: string }[]): unknown {
  if (!InvalidArgumentError.isInstance(error)) return error;
  const budget = /^options\.limits\.([^.[]+)(.*)$/.exec(error.argument);
  const index = budget ? providers.findIndex((provider) => provider.id === budget[1]) : -1;
  if (budget && index !== -1) {
    return new ConfigError({ file, path: `providers[${index}].limits${budget[2]}`, message: error.reason, cause: error });
  }
  const path = error.argument.replace(/^options\./, '');
  if (!SECTIONS.some((section) => path === section || path.startsWith(`${section}.`) || path.startsWith(`${section}[`))) {
    return new ConfigError({ file, path: '', message: error.message, cause: error });
  }
  return new ConfigError({ file, path, message: error.reason, cause: error });
}
