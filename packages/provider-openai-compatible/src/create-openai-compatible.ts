import { closestNames, ModelNotFoundError, type ProviderFactoryContext, type ProviderModuleFactory } from '@switchboard/core/provider';
import { listModels } from './discover-models.js';
import { OpenAICompatibleProvider } from './openai-compatible-provider.js';
import { resolveOpenAICompatibleSettings, type OpenAICompatibleSettings } from './openai-compatible-settings.js';

/** What {@link createOpenAICompatible} takes besides the settings. */
export interface CreateOpenAICompatibleContext extends ProviderFactoryContext {
  /** Cancels model discovery. @example AbortSignal.timeout(5_000) */
  signal?: AbortSignal;
  /** Proxy for model discovery (chat calls take theirs from the call options). */
  proxy?: string;
}

const SOURCE = 'createOpenAICompatible(settings)';

/**
 * Creates a provider for one endpoint, outside dependency injection: a second endpoint beside the
 * registered provider (give it its own `id`), or a registry that takes only the providers it is
 * given. When the settings list no `models`, reads them from `GET {baseUrl}/models` first
 * (`defaultModel`, `visionModels` and the models named in `capabilities` must then be among what
 * the server lists). Settings are checked before any request; errors name
 * `createOpenAICompatible(settings)`.
 *
 * @example
 * const groq = await createOpenAICompatible({ id: 'groq', baseUrl: 'https://api.groq.com/openai/v1', apiKey });
 * const registry = createRegistry({ providers: [groq] });
 */
export async function createOpenAICompatible(
  settings: OpenAICompatibleSettings = {},
  context: CreateOpenAICompatibleContext = {},
): Promise<OpenAICompatibleProvider> {
  const env = context.env ?? process.env;
  const pending = settings.models === undefined;
  const resolved = resolveOpenAICompatibleSettings(settings, { env, source: SOURCE, modelsPending: pending });
  if (!pending) return new OpenAICompatibleProvider({ settings: resolved, logger: context.logger });
  const listed = await listModels(resolved, context);
  context.logger?.debug({ provider: resolved.id, baseUrl: resolved.baseUrl, models: listed }, 'discovered models');
  const named = [settings.defaultModel, ...(settings.visionModels ?? []), ...Object.keys(settings.capabilities ?? {})];
  const missing = named.find((model) => model !== undefined && !listed.includes(model));
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
  return new OpenAICompatibleProvider({
    settings: { ...resolved, models: listed, defaultModel: settings.defaultModel ?? listed[0]! },
    logger: context.logger,
  });
}

/**
 * The plugin's entry for tools that know it only by package name (a config file's
 * `{ "use": "@switchboard/provider-openai-compatible", "id": "groq", …settings }`): `createOpenAICompatible`.
 */
export const createProvider: ProviderModuleFactory = (settings, context) => createOpenAICompatible(settings as OpenAICompatibleSettings | undefined, context);
