import { resolve } from 'node:path';
import { closestNames, InvalidArgumentError, type Provider, type ProviderModule } from '@switchboard/core/provider';
import { ConfigError } from '../errors/config-error.js';
import { installedPlugins } from './installed-plugins.js';
import { isPath, resolvePlugin } from './resolve-plugin.js';
import { settingPath } from './setting-path.js';
import type { ProviderInstanceConfig } from './switchboard-config.js';

/** Options of {@link createProviders}. */
export interface CreateProvidersOptions {
  instances: readonly ProviderInstanceConfig[];
  /** The config file, for errors. */
  file: string;
  /** The config file's folder, where plugins are looked for first. */
  directory: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * One provider per instance of the file, made by its plugin's `createProvider(settings)`. A plugin
 * that cannot be loaded, settings it refuses and two instances with one id are `ConfigError`s
 * naming the place in the file.
 */
export async function createProviders({ instances, file, directory, env }: CreateProvidersOptions): Promise<Provider[]> {
  const providers: Provider[] = [];
  // Several instances of one plugin (the README's `local` and `groq`) look it up once: finding a
  // package costs a walk up the folders, and a miss in the config's own folder a thrown error.
  const plugins = new Map<string, ProviderModule>();
  // `limits` is the registry's (a budget), never the plugin's.
  for (const [index, { use, limits: _limits, ...settings }] of instances.entries()) {
    const at = `providers[${index}]`;
    const module = plugins.get(use) ?? (await loadPlugin(use, { at, file, directory }));
    plugins.set(use, module);
    let provider: Provider;
    try {
      provider = await module.createProvider(settings, { env });
    } catch (error) {
      throw settingsError(error, { at, file, settings, use });
    }
    const twin = providers.findIndex((other) => other.id === provider.id);
    if (twin !== -1) {
      throw new ConfigError({
        file,
        path: `${at}${settings['id'] === undefined ? '' : '.id'}`,
        message: `the provider id '${provider.id}' is already taken by providers[${twin}]; give each instance of a plugin its own "id".`,
      });
    }
    providers.push(provider);
  }
  return providers;
}

async function loadPlugin(use: string, { at, file, directory }: { at: string; file: string; directory: string }): Promise<ProviderModule> {
  const entry = resolvePlugin(use, { directory });
  if (!entry) throw new ConfigError({ file, path: `${at}.use`, message: pluginNotFound(use, directory) });
  let module: Partial<ProviderModule>;
  try {
    module = (await import(entry)) as Partial<ProviderModule>;
  } catch (error) {
    throw new ConfigError({ file, path: `${at}.use`, message: `cannot load the plugin '${use}': ${(error as Error).message ?? String(error)}`, cause: error });
  }
  if (typeof module.createProvider !== 'function') {
    throw new ConfigError({
      file,
      path: `${at}.use`,
      message: `'${use}' does not export createProvider(settings), so it is not a Switchboard provider plugin.`,
    });
  }
  return module as ProviderModule;
}

function settingsError(error: unknown, { at, file, settings, use }: { at: string; file: string; settings: Record<string, unknown>; use: string }): ConfigError {
  const message = error instanceof Error ? error.message : String(error);
  if (InvalidArgumentError.isInstance(error)) {
    const path = settingPath(error.argument, settings);
    if (path !== undefined) return new ConfigError({ file, path: `${at}${path}`, message: error.reason, cause: error });
  }
  return new ConfigError({ file, path: at, message: `${use} could not create the provider: ${message}`, cause: error });
}

/**
 * Why `use` names no plugin: a path that does not exist, or a name that is not installed, with the
 * closest installed or first-party plugin. Never advice to install the name as written: a typo of
 * a package name may well be someone else's package.
 */
function pluginNotFound(use: string, directory: string): string {
  if (isPath(use)) return `the file ${resolve(directory, use)} does not exist (a path in "use" starts from the config file's folder).`;
  const plugins = installedPlugins(directory);
  const [closest] = closestNames(use, plugins, { limit: 1 });
  const looked = `looked in ${directory} and in the CLI's own install`;
  return closest
    ? `cannot find the plugin '${use}'; did you mean '${closest}'? (${looked})`
    : `cannot find the plugin '${use}' (${looked}). Installed plugins: ${plugins.join(', ')}.`;
}
