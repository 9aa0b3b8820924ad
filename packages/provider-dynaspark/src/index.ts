// @switchboard/provider-dynaspark. Importing this module registers DynasparkProvider (its class
// decorator), so every registry created afterwards serves `providerOptions.dynaspark`.
export { DynasparkProvider, DYNASPARK_MODELS } from './dynaspark-provider.js';
export type { DynasparkModelId, DynasparkProviderInit } from './dynaspark-provider.js';
export { createDynaspark, createProvider } from './create-dynaspark.js';
export { DYNASPARK_ID, DYNASPARK_PATH, DYNASPARK_URL, DYNASPARK_USER_AGENT } from './dynaspark-settings.js';
export type { DynasparkSettings, ResolvedDynasparkSettings } from './dynaspark-settings.js';
export { formatPrompt } from './format-prompt.js';
