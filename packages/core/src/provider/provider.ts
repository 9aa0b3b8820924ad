import type { Message } from './message.js';
import type { ProviderCallOptions } from './provider-call-options.js';
import type { ProviderSpecificationVersion } from './specification-version.js';
import type { ProviderChunk } from './stream-part.js';
import type { ModelCapabilities } from './model-capabilities.js';
import type { CallSetting } from './call-settings.js';
import type { HealthCheckOptions, HealthCheckResult } from './health-check.js';

/**
 * The plugin contract: what a provider package's `createProvider(settings, context)` builds. The
 * attribute names are gpt4free's provider attributes in camelCase; unlike there, the registry reads
 * them (capabilities filter candidates, models and aliases feed the catalogue), except the optional
 * metadata (`loginUrl`, `apiEndpoint`, `useNodriver`) kept for documentation and tools.
 */
export interface Provider {
  /** The contract version this provider was written against; checked at registration. */
  readonly specificationVersion: ProviderSpecificationVersion;
  /** Stable id, lower-case (`dynaspark`): the key of `providerOptions`, logs and attempt records. */
  readonly id: string;
  /** Display name (`Dynaspark`). Defaults to the id. */
  readonly label?: string;
  /** The service's home page. */
  readonly url: string;
  /** Optional metadata, never read by core: where a user gets credentials, for providers that need them. */
  readonly loginUrl?: string | undefined;
  /** Optional metadata, never read by core: the endpoint the provider calls, for documentation and logs. */
  readonly apiEndpoint?: string | undefined;
  /**
   * Whether the provider is believed to work. The registry skips providers that say `false`; once
   * health checks run, the registry's live status takes over from this declared value.
   */
  readonly working: boolean;
  readonly needsAuth: boolean;
  /** Optional metadata carried over from g4f, never read by core: the provider needs no browser driver. */
  readonly useNodriver?: boolean;
  /** The provider yields text as it arrives (otherwise it yields the whole answer once). */
  readonly supportsStream: boolean;
  /** The provider keeps system messages as such (otherwise they are folded into the prompt). */
  readonly supportsSystemMessage: boolean;
  /** The provider takes a conversation (otherwise it is flattened into one prompt). */
  readonly supportsMessageHistory: boolean;
  /** Used when the caller names no model. */
  readonly defaultModel: string;
  /** Used when the caller names no model but sends an image. */
  readonly defaultVisionModel: string | undefined;
  /** Models that accept images. */
  readonly visionModels: readonly string[];
  /** Provider-side model names. */
  readonly models: readonly string[];
  /** Public names mapped to provider-side model names (chains allowed, cycles refused). */
  readonly modelAliases: Readonly<Record<string, string>>;
  /** How many images one request can carry (`Infinity` when unlimited). Default: 1. */
  readonly maxMediaItems?: number;
  /**
   * What each model can do beyond text (tools, parallel tool calls, structured output), by
   * provider-side model name. A model not listed can do none of it, and requests that need a
   * capability only go to models that declare it.
   * @example { 'llama-3.1-8b': { tools: true, parallelToolCalls: true, structuredOutput: true } }
   */
  readonly capabilities?: Readonly<Record<string, Partial<ModelCapabilities>>>;
  /**
   * The standard call settings each model honours, by provider-side model name (contract v3). The
   * provider receives only these in `options.settings`; a call that sets another one still goes to
   * it, without that setting, and its answer carries an `unsupported-setting` warning naming the
   * setting and the provider. A model not listed honours none.
   * @example { 'llama-3.1-8b': ['temperature', 'maxOutputTokens', 'topP', 'stopSequences', 'seed'] }
   */
  readonly callSettings?: Readonly<Record<string, readonly CallSetting[]>>;
  /**
   * Set when the provider is installed but not configured (an endpoint without models, a service
   * without its key). Such a provider is not an error: the registry lists it as not working with
   * this reason and fix, serves no model from it, and leaves it out of routing and probes. Its
   * `models` may then be empty.
   * @example { reason: 'no models configured', fix: "set providerOptions['openai-compatible'].models" }
   */
  readonly unconfigured?: { readonly reason: string; readonly fix: string };

  /**
   * Checks this provider's per-call options (`generate(prompt, { providerOptions: { [id]: … } })`)
   * before any request is sent, throwing an `InvalidArgumentError` that names the wrong key
   * (`argument` is where they came from, e.g. `options.providerOptions.dynaspark`). A provider
   * without this method takes no per-call options: any given are refused, never ignored.
   */
  checkCallOptions?(options: Readonly<Record<string, unknown>>, argument: string): void;

  /**
   * Runs one attempt. Yields text as plain strings or `{ type: 'text' }` parts, tool calls as
   * `tool-call-delta` parts followed by the whole `tool-call`, and optionally finish, usage and
   * warning parts. Throws typed errors (`ApiCallError` and its subclasses) so the
   * registry can decide between retrying, falling back and giving up.
   *
   * Called by the registry, not by host apps: they use `registry.create(model).generate()`.
   */
  createAsyncGenerator(model: string, messages: readonly Message[], options: ProviderCallOptions): AsyncIterable<ProviderChunk>;

  /** A cheap probe of the service; without one, the health checker sends a one-word prompt. */
  healthCheck?(options: HealthCheckOptions): Promise<HealthCheckResult>;

  /** Releases long-lived resources (connection pools). Called by `registry.close()`. */
  close?(): Promise<void>;
}
