import { createRegistry, InvalidArgumentError, type Registry } from '@switchboard/core';
import { ConfigError } from '../errors/config-error.js';
import { checkConfig } from './check-config.js';
import { CONFIG_KEYS } from './config-schema.js';
import { createProviders } from './create-providers.js';
import { expandVariables } from './expand-variables.js';
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
}: RegistryFromConfigOptions): Promise<{ registry: Registry; config: SwitchboardConfig }> {
  const config = expandVariables(checkConfig(content, file), { env, file });
  const providers = await createProviders({ instances: config.providers, file, directory, env });
  // The rest of the file is registry options, handed over as they are: core checks them.
  const { $schema: _schema, providers: _instances, server: _server, ...options } = config;
  try {
    const registry = createRegistry({ ...options, providers, useRegistered: false, env });
    return { registry, config };
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
  const prefix = `Invalid ${error.argument}: `;
  return new ConfigError({ file, path, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message, cause: error });
}
