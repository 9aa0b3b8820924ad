// @switchboard/provider-dynaspark. Importing this module registers the plugin's factory, so every
// registry created afterwards serves `providerOptions.dynaspark`.
import { registerProvider } from '@switchboard/core/provider';
import { createDynaspark } from './create-dynaspark.js';
import { DYNASPARK_ID } from './dynaspark-settings.js';

registerProvider({ id: DYNASPARK_ID, createProvider: createDynaspark });

export { DynasparkProvider, DYNASPARK_MODELS } from './dynaspark-provider.js';
export type { DynasparkModelId } from './dynaspark-provider.js';
export { createDynaspark, createProvider } from './create-dynaspark.js';
export { DYNASPARK_ID, DYNASPARK_PATH, DYNASPARK_URL, DYNASPARK_USER_AGENT } from './dynaspark-settings.js';
export type { DynasparkSettings, ResolvedDynasparkSettings } from './dynaspark-settings.js';
export { formatPrompt } from './format-prompt.js';
