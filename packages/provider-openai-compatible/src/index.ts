// @switchboard/provider-openai-compatible. Importing this module registers the plugin's factory, so
// every registry created afterwards serves `providerOptions['openai-compatible']`.
import { registerProvider } from '@switchboard/core/provider';
import { createOpenAICompatible } from './create-openai-compatible.js';
import { OPENAI_COMPATIBLE_ID } from './openai-compatible-settings.js';

registerProvider({ id: OPENAI_COMPATIBLE_ID, createProvider: createOpenAICompatible });

export { OpenAICompatibleProvider } from './openai-compatible-provider.js';
export { createOpenAICompatible, createProvider } from './create-openai-compatible.js';
export type { CreateOpenAICompatibleContext } from './create-openai-compatible.js';
export { discoverModels } from './discover-models.js';
export type { DiscoverModelsOptions } from './discover-models.js';
export { OPENAI_COMPATIBLE_BASE_URL, OPENAI_COMPATIBLE_ID } from './openai-compatible-settings.js';
export type { CallSettingsSupport, OpenAICompatibleSettings, ResolvedOpenAICompatibleSettings } from './openai-compatible-settings.js';
