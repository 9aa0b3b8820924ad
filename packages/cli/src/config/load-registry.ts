import { createRegistry, type Logger, type Registry, type StateStore } from '@switchboard/core';
import { createStore } from './create-store.js';
import { readConfigFile } from './read-config-file.js';
import { rememberEnvironmentSecrets } from './redact-secrets.js';
import { type ConfigUses, registryFromConfig } from './registry-from-config.js';
import type { ProviderSource } from './provider-source.js';
import type { SwitchboardConfig } from './switchboard-config.js';

/** Options of {@link loadRegistry}. */
export interface LoadRegistryOptions {
  /** `--config`. @default switchboard.config.json in `cwd`, if any */
  configPath?: string | undefined;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** What the command uses of the file besides providers and registry options. @default everything */
  uses?: ConfigUses;
  /** `serve --store`: wins over the file's `store`. */
  store?: string | undefined;
  /** Where the registry logs. @default silent */
  logger?: Logger | undefined;
}

/** A registry built from the configuration, and the configuration (variables expanded). */
export interface LoadedRegistry {
  registry: Registry;
  /** Undefined without a config file. */
  config: SwitchboardConfig | undefined;
  /** The file's name, or undefined without one. */
  file: string | undefined;
  /** The shared store the registry took, not yet connected; undefined without one. */
  store: StateStore | undefined;
  /** Where each provider (by id) comes from. */
  sourceOf(providerId: string): ProviderSource;
}

/**
 * The registry the commands use. With a config file: exactly its provider instances, each made by
 * its plugin. Without one: the first-party plugins the CLI installs with, as they configure
 * themselves from the environment (Dynaspark at `DYNASPARK_BASE_URL` or the real service; the
 * OpenAI-compatible plugin listed as not configured).
 */
export async function loadRegistry({ configPath, cwd, env, uses, store: storeFlag, logger }: LoadRegistryOptions): Promise<LoadedRegistry> {
  rememberEnvironmentSecrets(env);
  const file = await readConfigFile({ path: configPath, cwd });
  if (file) {
    const configured = await registryFromConfig({
      content: file.content,
      file: file.name,
      directory: file.directory,
      env,
      store: storeFlag,
      logger,
      ...(uses ? { uses } : {}),
    });
    return { ...configured, file: file.name };
  }
  // Importing a plugin registers its class in core's container, which a registry serves by default;
  // one after the other, so the providers keep this order (and Dynaspark's default model is the default).
  await import('@switchboard/provider-dynaspark');
  await import('@switchboard/provider-openai-compatible');
  const store = storeFlag === undefined ? undefined : await createStore(storeFlag, { kind: 'flag' });
  return {
    registry: createRegistry({ env, ...(store ? { store } : {}), ...(logger ? { logger } : {}) }),
    config: undefined,
    file: undefined,
    store,
    sourceOf: () => ({ kind: 'installed' }),
  };
}
