/**
 * The version of the provider contract this core implements. A provider declares the version it
 * was written against; registration refuses any other, with a message saying which core it needs.
 */
export const PROVIDER_SPECIFICATION_VERSION = 'switchboard.provider/v1' as const;

export type ProviderSpecificationVersion = typeof PROVIDER_SPECIFICATION_VERSION;
