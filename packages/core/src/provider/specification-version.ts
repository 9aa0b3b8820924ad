import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { describeValue } from '../validation/describe-value.js';

/**
 * The version of the provider contract this core implements. A provider declares the version it
 * was written against; registration refuses versions this core does not know, with a message
 * saying which it needs.
 * - `v2`: call options say whether the caller streams (`mode`) and may carry tools, a tool choice
 *   and a response format; messages carry tool calls and tool results; providers declare
 *   per-model capabilities; streams may carry tool-call parts.
 * - `v1`: text, images, usage and finish only. Still accepted: a v1 provider declares no
 *   capabilities, so the registry never sends it a request that needs one.
 */
export const PROVIDER_SPECIFICATION_VERSION = 'switchboard.provider/v2' as const;

/** Every contract version this core accepts, oldest first. */
export const SUPPORTED_SPECIFICATION_VERSIONS = ['switchboard.provider/v1', PROVIDER_SPECIFICATION_VERSION] as const;

export type ProviderSpecificationVersion = (typeof SUPPORTED_SPECIFICATION_VERSIONS)[number];

/** True when this core can serve a provider written against `version`. */
export function isSupportedSpecificationVersion(version: unknown): version is ProviderSpecificationVersion {
  return (SUPPORTED_SPECIFICATION_VERSIONS as readonly unknown[]).includes(version);
}

/** The error for a provider written against a contract version this core does not implement. */
export function unsupportedVersion(argument: string, version: unknown): InvalidArgumentError {
  return new InvalidArgumentError({
    argument,
    reason: `it implements provider specification ${describeValue(version)}, but this @switchboard/core implements ${SUPPORTED_SPECIFICATION_VERSIONS.map((known) => `'${known}'`).join(' and ')} (current: '${PROVIDER_SPECIFICATION_VERSION}'). Install versions of the plugin and of core that match.`,
  });
}
