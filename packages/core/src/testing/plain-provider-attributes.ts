import type { Provider } from '../provider/provider.js';
import { PROVIDER_SPECIFICATION_VERSION } from '../provider/specification-version.js';

/**
 * The attributes of a plain, working provider (contract v3) for test doubles: the models given
 * (default `['echo']`, the first the default), streaming, system messages and history kept, no
 * vision, no capability and no call setting declared. Spread your own over them.
 * @example const double: Provider = { ...plainProviderAttributes('alpha'), createAsyncGenerator: async function* () { yield 'Hi'; } };
 */
export function plainProviderAttributes(id: string, models: readonly string[] = ['echo']): Omit<Provider, 'createAsyncGenerator'> {
  return {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    id,
    url: `https://${id}.example`,
    working: true,
    needsAuth: false,
    supportsStream: true,
    supportsSystemMessage: true,
    supportsMessageHistory: true,
    defaultModel: models[0]!,
    defaultVisionModel: undefined,
    visionModels: [],
    models,
    modelAliases: {},
  };
}
