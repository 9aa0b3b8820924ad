/**
 * Provider contexts built by `createOpenAICompatibleProvider`. The class has one constructor
 * (tsyringe injects it), and this is how it tells a factory call from a registry building it:
 * only the factory may pick another id, and errors should name the factory's argument rather
 * than `providerOptions`.
 */
export const factoryContexts = new WeakSet<object>();

/** How errors name the factory's settings. */
export const FACTORY_SETTINGS_SOURCE = 'createOpenAICompatibleProvider(settings)';
