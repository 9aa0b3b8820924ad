/**
 * DI tokens. `Symbol.for` keys make them identical across two installed copies of core, so a
 * plugin that resolved another copy still registers where the host's registry looks.
 */
export const PROVIDER_TOKEN: unique symbol = Symbol.for('switchboard.Provider') as never;

/** The per-registry {@link ProviderContext}, injected into provider constructors. */
export const PROVIDER_CONTEXT_TOKEN: unique symbol = Symbol.for('switchboard.ProviderContext') as never;
