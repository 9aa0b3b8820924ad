// Importing this module registers the provider (the class decorator runs at definition time).
export { DynasparkProvider, DYNASPARK_MODELS } from './dynaspark-provider.js';
export type { DynasparkModelId } from './dynaspark-provider.js';
export type { DynasparkSettings } from './dynaspark-settings.js';
export { DYNASPARK_URL } from './dynaspark-settings.js';
export { formatPrompt } from './format-prompt.js';
