import { closestNames, createLogger, ModelNotFoundError, type ProviderContext } from '@switchboard/core';
import { discoverModels } from './discover-models.js';
import { FACTORY_SETTINGS_SOURCE, factoryContexts } from './factory-contexts.js';
import { OpenAICompatibleProvider } from './openai-compatible-provider.js';
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';
import { resolveSettings } from './resolve-settings.js';

/** Options for {@link createOpenAICompatibleProvider} that are not settings of the provider. */
export interface CreateOpenAICompatibleProviderOptions {
  /**
   * Environment for `OPENAI_COMPATIBLE_BASE_URL` / `OPENAI_COMPATIBLE_API_KEY`.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Logger of the provider (a pino logger). @default a silent logger */
  logger?: ProviderContext['logger'];
  /** Cancels model discovery. @example AbortSignal.timeout(5_000) */
  signal?: AbortSignal;
  /** Proxy for model discovery (chat calls take theirs from the call options). */
  proxy?: string;
}

/**
 * Creates a provider instance on its own, outside any registry, reading `models` from
 * `GET {baseUrl}/models` when the settings do not list them (`defaultModel` and `visionModels`
 * must then be among what the server lists). Register it with `registerProvider(instance)` before
 * creating the registry.
 *
 * This is how a host serves a second endpoint (give it its own `id`). Two rules come from the
 * registry: ids are unique, so an instance with the default id cannot sit next to the
 * registered class in the same container; and the registered class needs models too, so a host
 * that only uses instances registers them in a container of their own.
 *
 * @example
 * registerProvider(await createOpenAICompatibleProvider({ id: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1' }));
 * const registry = createRegistry({ providerOptions: { 'openai-compatible': { models: ['llama-3.1-8b'] } } });
 */
export async function createOpenAICompatibleProvider(
  settings: OpenAICompatibleSettings = {},
  options: CreateOpenAICompatibleProviderOptions = {},
): Promise<OpenAICompatibleProvider> {
  const env = options.env ?? process.env;
  // Everything is checked before the first request, under this function's name.
  const resolved = resolveSettings(settings as Readonly<Record<string, unknown>>, {
    env,
    source: FACTORY_SETTINGS_SOURCE,
    modelsPending: settings.models === undefined,
  });
  const logger = options.logger ?? createLogger(undefined);
  let models = settings.models;
  if (models === undefined) {
    const listed = await discoverModels({
      ...(settings.id !== undefined ? { id: settings.id } : {}),
      ...(settings.baseUrl !== undefined ? { baseUrl: settings.baseUrl } : {}),
      ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}),
      ...(settings.headers !== undefined ? { headers: settings.headers } : {}),
      env,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    });
    logger.debug({ provider: resolved.id, baseUrl: resolved.baseUrl, models: listed }, 'discovered models');
    const missing = [settings.defaultModel, ...(settings.visionModels ?? [])].find((model) => model !== undefined && !listed.includes(model));
    if (listed.length === 0 || missing !== undefined) {
      throw new ModelNotFoundError({
        modelId: missing ?? '(any)',
        provider: resolved.id,
        availableModels: listed,
        closestModels: missing === undefined ? [] : closestNames(missing, listed),
        message:
          listed.length === 0
            ? `The server of provider '${resolved.id}' at ${resolved.baseUrl} lists no models (GET /models); load a model, or set settings.models.`
            : `Model '${missing}' is not among the models the server of provider '${resolved.id}' lists: ${listed.join(', ')}.`,
      });
    }
    models = listed;
  }
  const withModels: Readonly<Record<string, unknown>> = { ...settings, models };
  const context: ProviderContext = { settings: () => withModels, logger, env };
  factoryContexts.add(context);
  return new OpenAICompatibleProvider(context);
}
