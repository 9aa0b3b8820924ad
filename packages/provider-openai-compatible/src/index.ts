// Importing this module registers OpenAICompatibleProvider (its class decorator), so a registry
// created afterwards serves providerOptions['openai-compatible'].
export { OpenAICompatibleProvider } from './openai-compatible-provider.js';
export { createOpenAICompatibleProvider } from './create-openai-compatible-provider.js';
export type { CreateOpenAICompatibleProviderOptions } from './create-openai-compatible-provider.js';
export { discoverModels } from './discover-models.js';
export type { DiscoverModelsOptions } from './discover-models.js';
export type { OpenAICompatibleSettings } from './openai-compatible-settings.js';
export { DEFAULT_BASE_URL, DEFAULT_PROVIDER_ID } from './resolve-settings.js';
