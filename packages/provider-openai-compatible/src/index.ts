// @switchboard/provider-openai-compatible. Importing this module registers OpenAICompatibleProvider
// (its class decorator), so every registry created afterwards serves `providerOptions['openai-compatible']`.
export { OpenAICompatibleProvider } from './openai-compatible-provider.js';
export type { OpenAICompatibleProviderInit } from './openai-compatible-provider.js';
export { createOpenAICompatible, createProvider } from './create-openai-compatible.js';
export type { CreateOpenAICompatibleContext } from './create-openai-compatible.js';
export { discoverModels } from './discover-models.js';
export type { DiscoverModelsOptions } from './discover-models.js';
export { OPENAI_COMPATIBLE_BASE_URL, OPENAI_COMPATIBLE_ID } from './openai-compatible-settings.js';
export type { OpenAICompatibleSettings, ResolvedOpenAICompatibleSettings } from './openai-compatible-settings.js';
