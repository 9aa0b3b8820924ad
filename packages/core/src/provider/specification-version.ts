import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { describeValue } from '../validation/describe-value.js';

/**
 * The version of the provider contract this core implements. A provider declares the version it
 * was written against; registration refuses versions this core does not know, with a message
 * saying which it needs.
 * - `v3`: call options carry the standard call settings (`settings`: temperature, maxOutputTokens,
 *   topP, topK, stopSequences, seed, presencePenalty, frequencyPenalty) and providers declare per
 *   model which they honour (`callSettings`); a provider is built by its plugin's
 *   `createProvider(settings, context)`.
 * - `v2`: call options say whether the caller streams (`mode`) and may carry tools, a tool choice
 *   and a response format; messages carry tool calls and tool results; providers declare
 *   per-model capabilities; streams may carry tool-call parts.
 * - `v1`: text, images, usage and finish only.
 * v1 and v2 providers are still accepted: they declare no capabilities and no call settings, so the
 * registry never sends them a request that needs a capability, and a call setting given for them
 * is left out with an `unsupported-setting` warning.
 */
export const PROVIDER_SPECIFICATION_VERSION = 'switchboard.provider/v3' as const;

/** Every contract version this core accepts, oldest first. */
export const SUPPORTED_SPECIFICATION_VERSIONS = ['switchboard.provider/v1', 'switchboard.provider/v2', PROVIDER_SPECIFICATION_VERSION] as const;

export type ProviderSpecificationVersion = (typeof SUPPORTED_SPECIFICATION_VERSIONS)[number];

/** True when this core can serve a provider written against `version`. */
export function isSupportedSpecificationVersion(version: unknown): version is ProviderSpecificationVersion {
  return (SUPPORTED_SPECIFICATION_VERSIONS as readonly unknown[]).includes(version);
}

/** The error for a provider written against a contract version this core does not implement. */
export function unsupportedVersion(argument: string, version: unknown): InvalidArgumentError {
  return new InvalidArgumentError({
    argument,
    reason: `it implements provider specification ${describeValue(version)}, but this @switchboard/core implements ${listed(SUPPORTED_SPECIFICATION_VERSIONS)} (current: '${PROVIDER_SPECIFICATION_VERSION}'). Install versions of the plugin and of core that match.`,
  });
}

/** `'a', 'b' and 'c'`. */
function listed(versions: readonly string[]): string {
  const quoted = versions.map((version) => `'${version}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : quoted.join('');
}
