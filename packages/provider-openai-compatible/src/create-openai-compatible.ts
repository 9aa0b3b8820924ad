import { closestNames, ModelNotFoundError, type ProviderFactoryContext } from '@switchboard/core/provider';
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

/**
 * The one way an OpenAI-compatible provider is built. A registry calls it for the registered
 * provider (with `providerOptions['openai-compatible']`), a config file's instances call it (as
 * `createProvider`), and code calls it for more endpoints, each under its own `id`. Settings are
 * checked before any request; errors name where they came from (`createOpenAICompatible(settings).models`,
 * `providerOptions.openai-compatible.models`).
 *
 * Code and config files get a promise: without `models`, the provider is built after the
 * server's `GET {baseUrl}/models` (`defaultModel`, `visionModels` and the models named in
 * `capabilities` and `callSettings` must then be among what it lists). A registry building its
 * registered provider (`context.registeredAs`) gets it at once, synchronously: without `models`
 * there, unconfigured, saying how to configure it.
 *
 * @example
 * const groq = await createOpenAICompatible({ id: 'groq', baseUrl: 'https://api.groq.com/openai/v1', apiKey });
 * const registry = createRegistry({ providers: [groq] });
 */
export function createOpenAICompatible(
  settings: OpenAICompatibleSettings | undefined,
  context: CreateOpenAICompatibleContext & { registeredAs: string },
): OpenAICompatibleProvider;
export function createOpenAICompatible(settings?: OpenAICompatibleSettings, context?: CreateOpenAICompatibleContext): Promise<OpenAICompatibleProvider>;
export function createOpenAICompatible(
  settings: OpenAICompatibleSettings = {},
  context: CreateOpenAICompatibleContext = {},
): OpenAICompatibleProvider | Promise<OpenAICompatibleProvider> {
  if (context.registeredAs !== undefined) return new OpenAICompatibleProvider(resolveOpenAICompatibleSettings(settings, context), context.logger);
  return discoverAndCreate(settings, context);
}

/** A provider for code and config files: built at once from `models`, else after reading them; every failure, the settings' too, is a rejection. */
async function discoverAndCreate(settings: OpenAICompatibleSettings, context: CreateOpenAICompatibleContext): Promise<OpenAICompatibleProvider> {
  if (settings.models !== undefined) return new OpenAICompatibleProvider(resolveOpenAICompatibleSettings(settings, context), context.logger);
  const resolved = resolveOpenAICompatibleSettings(settings, { ...context, modelsPending: true });
  return listModels(resolved, context).then((listed) => {
    context.logger?.debug({ provider: resolved.id, baseUrl: resolved.baseUrl, models: listed }, 'discovered models');
    const named = [
      settings.defaultModel,
      ...(settings.visionModels ?? []),
      ...Object.keys(settings.capabilities ?? {}),
      ...Object.keys(settings.callSettings ?? {}),
    ];
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
    return new OpenAICompatibleProvider({ ...resolved, models: listed, defaultModel: settings.defaultModel ?? listed[0]! }, context.logger);
  });
}

/** `createOpenAICompatible`, under the name tools that load plugins by package name call. */
export const createProvider = createOpenAICompatible;
