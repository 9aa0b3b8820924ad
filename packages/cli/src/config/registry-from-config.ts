import { createRegistry, InvalidArgumentError, type Registry } from '@switchboard/core';
import { ConfigError } from '../errors/config-error.js';
import { checkConfig } from './check-config.js';
import { CONFIG_KEYS } from './config-schema.js';
import { createProviders } from './create-providers.js';
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
}

/**
 * The parts of the file a command uses besides the providers and the registry's options: a part
 * it does not use cannot stop it (its variables are not read, its values not checked by core).
 */
export interface ConfigUses {
  /** `server`: only `serve` runs the gateway. @default true */
  server?: boolean;
  /** `defaultModel`: `chat` without `-m`, and `serve`. @default true */
  defaultModel?: boolean;
}

/** A registry built from a file, the file (variables expanded), and which instance made each provider. */
export interface ConfiguredRegistry {
  registry: Registry;
  config: SwitchboardConfig;
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
export async function registryFromConfig({ content, file, directory, env, uses = {} }: RegistryFromConfigOptions): Promise<ConfiguredRegistry> {
  const config = expandVariables(checkConfig(content, file), { env, file, skip: uses.server === false ? ['server'] : [] });
  const providers = await createProviders({ instances: config.providers, file, directory, env });
  const sources = new Map<string, ProviderSource>(
    providers.map((provider, index) => [provider.id, { kind: 'config', file, index, use: config.providers[index]!.use }]),
  );
  // The rest of the file is registry options, handed over as they are: core checks them.
  const { $schema: _schema, providers: _instances, server: _server, defaultModel, ...options } = config;
  try {
    const registry = createRegistry({
      ...options,
      ...(defaultModel === undefined || uses.defaultModel === false ? {} : { defaultModel }),
      providers,
      useRegistered: false,
      env,
    });
    return { registry, config, sourceOf: (id) => sources.get(id) ?? { kind: 'installed' } };
  } catch (error) {
    await Promise.all(providers.map((provider) => provider.close?.()));
    throw registryError(error, file);
  }
}

/** Core names its options `options.resilience.maxAttempts` or `aliases['flash']`; the file says `resilience.maxAttempts`. */
function registryError(error: unknown, file: string): unknown {
  if (!InvalidArgumentError.isInstance(error)) return error;
  const path = error.argument.replace(/^options\./, '');
  if (!SECTIONS.some((section) => path === section || path.startsWith(`${section}.`) || path.startsWith(`${section}[`))) {
    return new ConfigError({ file, path: '', message: error.message, cause: error });
  }
  return new ConfigError({ file, path, message: error.reason, cause: error });
}
