import { ModelNotFoundError } from '../errors/model-not-found-error.js';
import type { Provider } from '../provider/provider.js';
import { closestNames } from '../validation/closest-names.js';
import { resolveAlias } from './resolve-alias.js';

type ModelSource = Pick<Provider, 'id' | 'defaultModel' | 'models' | 'modelAliases'> & { defaultVisionModel?: string | undefined };

/** Options for {@link resolveProviderModel}. */
export interface ResolveProviderModelOptions {
  /** Prefer the provider's default vision model when no model is named. */
  vision?: boolean;
}

/**
 * Turns a requested name into one of the provider's own model names (gpt4free's `get_model`, with
 * our rules):
 * - empty -> the default model (the default vision model when `vision` is set and there is one);
 * - a name that is itself one of the provider's models -> that model, never an alias target, so a
 *   real model is never silently swapped for another;
 * - an alias -> its target, chains followed, cycles refused;
 * - anything else -> `ModelNotFoundError` listing the valid names and the closest ones.
 */
export function resolveProviderModel(provider: ModelSource, name: string | undefined, options: ResolveProviderModelOptions = {}): string {
  if (name === undefined || name.trim() === '') {
    return (options.vision ? provider.defaultVisionModel : undefined) ?? provider.defaultModel;
  }
  if (provider.models.includes(name)) return name;
  const target = resolveAlias(name, {
    aliases: provider.modelAliases,
    isTerminal: (candidate) => provider.models.includes(candidate),
    source: `${provider.id}.modelAliases`,
  });
  if (provider.models.includes(target)) return target;
  const available = [...new Set([...provider.models, ...Object.keys(provider.modelAliases)])];
  throw new ModelNotFoundError({
    modelId: name,
    provider: provider.id,
    availableModels: available,
    closestModels: closestNames(name, available),
    ...(target !== name
      ? {
          message: `Model '${name}' of provider '${provider.id}' is an alias of '${target}', which the provider does not serve. Valid models: ${provider.models.join(', ')}.`,
        }
      : {}),
  });
}
