/**
 * The standard settings of a call, with the same names for every provider (`generate(prompt, {
 * temperature: 0.2 })`). Each is checked (type and range) before any request. A provider declares
 * which ones each of its models honours (`Provider.callSettings`) and receives only those; one it
 * cannot honour is left out of the request, and the answer carries an `unsupported-setting`
 * warning naming the setting and the provider. What only one provider has goes in
 * `providerOptions` instead.
 */
export interface CallSettings {
  /** Randomness of the answer: 0 is (nearly) deterministic. A number from 0 to 2. @example 0.2 */
  temperature?: number;
  /** Most tokens the answer may have. A whole number >= 1. @example 256 */
  maxOutputTokens?: number;
  /** Nucleus sampling: only tokens within this probability mass. A number from 0 to 1. @example 0.9 */
  topP?: number;
  /** Only the `topK` most likely tokens are sampled. A whole number >= 1. @example 40 */
  topK?: number;
  /** The answer stops before any of these texts. Non-empty strings. @example ['\n\n', 'END'] */
  stopSequences?: readonly string[];
  /** Sampling seed, for answers that repeat where the provider supports it. A whole number. @example 42 */
  seed?: number;
  /** Penalises tokens that appeared at all (new topics). A number from -2 to 2. @example 0.5 */
  presencePenalty?: number;
  /** Penalises tokens by how often they appeared (repetition). A number from -2 to 2. @example 0.5 */
  frequencyPenalty?: number;
}

/** The name of one standard call setting. */
export type CallSetting = keyof CallSettings;

/** Every standard call setting, in the order errors and warnings list them. */
export const CALL_SETTINGS: readonly CallSetting[] = Object.freeze([
  'temperature',
  'maxOutputTokens',
  'topP',
  'topK',
  'stopSequences',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
]);

const NONE: readonly CallSetting[] = Object.freeze([]);

/** A call that sets no standard setting (the usual case), shared so the hot path can tell at a glance. */
export const NO_CALL_SETTINGS: Readonly<CallSettings> = Object.freeze({});

/** The settings a provider declares its model honours; nothing declared is nothing honoured. */
export function callSettingsOf(
  provider: { readonly callSettings?: Readonly<Record<string, readonly CallSetting[]>> | undefined },
  model: string,
): readonly CallSetting[] {
  return provider.callSettings?.[model] ?? NONE;
}
