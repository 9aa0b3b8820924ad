import * as v from 'valibot';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { loadMedia } from '../media/load-media.js';
import { resolveCallBudget, type ResolvedLimits } from '../orchestration/budget-options.js';
import type { LoadedMedia } from '../provider/media-input.js';
import { resolveResilienceOptions, type ResolvedResilienceOptions } from '../orchestration/resilience-options.js';
import { CALL_SETTINGS, NO_CALL_SETTINGS, type CallSettings } from '../provider/call-settings.js';
import type { Message, Prompt } from '../provider/message.js';
import { normalizePrompt } from '../provider/normalize-prompt.js';
import type { Provider } from '../provider/provider.js';
import { describeValue } from '../validation/describe-value.js';
import { listOf, oneOf, recordOf, strictOptions, wholeNumber } from '../validation/option-schemas.js';
import { assertNestingWithin } from '../validation/nesting-depth.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';
import { checkToolRequest } from '../tools/check-tool-request.js';
import { NO_TOOL_REQUEST, type ToolRequest } from '../tools/tool-request.js';
import type { CallOptions, ExtraMediaPolicy } from './call-options.js';
import type { TextPartsMode } from '../provider/stream-part.js';
import { OPTIONAL_CALL_SETTINGS } from './call-settings-schema.js';
import { closestNames } from '../validation/closest-names.js';
import { unknownProviderError } from './unknown-provider-error.js';
import type { CatalogEntry } from './model-catalog.js';

/** A call checked and ready: nothing here can fail later because of the caller's input. */
export interface PreparedCall {
  messages: readonly Message[];
  media: readonly LoadedMedia[];
  signal: AbortSignal | undefined;
  proxy: string | undefined;
  /** The standard call settings the caller set (none: an empty object), checked. */
  settings: Readonly<CallSettings>;
  providerOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  resilience: ResolvedResilienceOptions;
  extraMedia: ExtraMediaPolicy;
  /** How a stream hands over its text (`'per-piece'` unless the caller asked otherwise). */
  textParts: TextPartsMode;
  /** Tools and response format, with the capabilities they need. */
  tools: ToolRequest;
  /** The caller's own budget, when it brings one. */
  budget: (ResolvedLimits & { name: string }) | undefined;
}

/** The registry's settings a call starts from. */
export interface CallDefaults {
  resilience: ResolvedResilienceOptions;
  maxMediaBytes: number;
  extraMedia: ExtraMediaPolicy;
  /** `limits.maxNestingDepth`. */
  maxNestingDepth: number;
}

/** What a call is checked against. */
export interface CallContext {
  defaults: CallDefaults;
  /** Every provider of the registry, by id (configured or not). */
  providers: ReadonlyMap<string, Provider>;
  /** The model's name and the providers serving it. */
  modelId: string;
  entries: readonly CatalogEntry[];
}

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

const callOptionsSchema = strictOptions({
  ...OPTIONAL_CALL_SETTINGS,
  signal: v.optional(v.instance(AbortSignal, (issue) => `expected an AbortSignal (from new AbortController().signal), got ${describeValue(issue.input)}.`)),
  media: v.optional(listOf(v.unknown(), 'an array of media items (bytes, paths, data: URIs, or [source, fileName])')),
  proxy: v.optional(
    v.pipe(
      v.string((issue) => `expected an http(s) proxy URL such as 'http://user:pass@127.0.0.1:3128', got ${describeValue(issue.input)}.`),
      v.check(
        (value) => /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value),
        (issue) => `expected an http(s) proxy URL such as 'http://user:pass@127.0.0.1:3128', got ${describeValue(issue.input)}.`,
      ),
    ),
  ),
  providerOptions: v.optional(recordOf(recordOf(v.unknown(), 'an object of options'), 'an object keyed by provider id')),
  resilience: v.optional(v.unknown()),
  maxMediaBytes: v.optional(wholeNumber(1)),
  extraMedia: v.optional(oneOf(['error', 'warn'])),
  textParts: v.optional(oneOf(['per-piece', 'per-read'])),
  // Checked in detail by checkToolRequest.
  tools: v.optional(v.unknown()),
  toolChoice: v.optional(v.unknown()),
  parallelToolCalls: v.optional(v.unknown()),
  responseFormat: v.optional(v.unknown()),
  structuredOutput: v.optional(v.unknown()),
  // Checked by resolveCallBudget.
  budget: v.optional(v.unknown()),
});

/**
 * Checks a call's prompt and options and loads its media, before any request is sent. Every
 * problem is an `InvalidArgumentError` or `MediaError` saying what was wrong and what is expected.
 */
export function prepareCall(prompt: Prompt, options: CallOptions | undefined, context: CallContext): Promise<PreparedCall> {
  try {
    const prepared = prepareCallAtOnce(prompt, options, context);
    return prepared instanceof Promise ? prepared : Promise.resolve(prepared);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * {@link prepareCall} for the registry's hot path: a call with no options and no inline image is
 * ready at once, without a promise (its problems are thrown rather than rejected).
 */
export function prepareCallAtOnce(prompt: Prompt, options: CallOptions | undefined, context: CallContext): PreparedCall | Promise<PreparedCall> {
  const { messages, inlineImages } = normalizePrompt(prompt);
  if (options === undefined && inlineImages.length === 0) return bareCall(messages, [], context.defaults);
  return prepareWithOptions(messages, inlineImages, options, context);
}

/** A call with nothing but its prompt: the registry's defaults. */
function bareCall(messages: readonly Message[], media: readonly LoadedMedia[], defaults: CallDefaults): PreparedCall {
  return {
    messages,
    media,
    signal: undefined,
    proxy: undefined,
    settings: NO_CALL_SETTINGS,
    providerOptions: EMPTY,
    resilience: defaults.resilience,
    extraMedia: defaults.extraMedia,
    textParts: 'per-piece',
    tools: NO_TOOL_REQUEST,
    budget: undefined,
  };
}

async function prepareWithOptions(
  messages: readonly Message[],
  inlineImages: readonly { url: string; origin: string }[],
  options: CallOptions | undefined,
  context: CallContext,
): Promise<PreparedCall> {
  const { defaults } = context;
  if (options === undefined) return bareCall(messages, await loadAll([], inlineImages, defaults.maxMediaBytes), defaults);
  const parsed = parseWithSchema(callOptionsSchema, options, 'options');
  const {
    signal,
    media = [],
    proxy,
    providerOptions = EMPTY,
    extraMedia = defaults.extraMedia,
    maxMediaBytes = defaults.maxMediaBytes,
    textParts = 'per-piece',
  } = parsed;
  if (signal?.aborted) throw signal.reason;
  assertNestingWithin(providerOptions, { maxDepth: defaults.maxNestingDepth, argument: 'options.providerOptions' });
  checkProviderOptions(providerOptions, context);
  const resilience = resolveResilienceOptions(defaults.resilience, options.resilience, 'options.resilience', { perCall: true });
  if (resilience.providers) checkProviderList(resilience.providers, context);
  const checkingTools = checkToolRequest(options, messages, { maxNestingDepth: defaults.maxNestingDepth });
  const tools = checkingTools instanceof Promise ? await checkingTools : checkingTools;
  const budget = options.budget === undefined ? undefined : resolveCallBudget(options.budget);
  return {
    messages,
    media: media.length === 0 && inlineImages.length === 0 ? [] : await loadAll(media as CallOptions['media'] & unknown[], inlineImages, maxMediaBytes),
    signal,
    proxy,
    settings: settingsOf(parsed as Readonly<CallSettings>),
    providerOptions,
    resilience,
    extraMedia,
    textParts,
    tools,
    budget,
  };
}

/** The standard settings among the parsed options; the shared empty object when there are none. */
function settingsOf(options: Readonly<CallSettings>): Readonly<CallSettings> {
  let settings: Record<string, unknown> | undefined;
  for (const setting of CALL_SETTINGS) if (options[setting] !== undefined) (settings ??= {})[setting] = options[setting];
  return settings ?? NO_CALL_SETTINGS;
}

function loadAll(media: NonNullable<CallOptions['media']>, inlineImages: readonly { url: string; origin: string }[], maxBytes: number): Promise<LoadedMedia[]> {
  return Promise.all([
    ...media.map((item, index) => loadMedia(item, { maxBytes, origin: `media[${index}]`, index })),
    ...inlineImages.map(({ url, origin }, index) => loadMedia(url, { maxBytes, origin, index: media.length + index })),
  ]);
}

/** Per-call options go to providers that exist, and each provider checks its own. */
function checkProviderOptions(providerOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>, { providers }: CallContext): void {
  for (const [id, value] of Object.entries(providerOptions)) {
    const argument = `options.providerOptions.${id}`;
    const provider = providers.get(id);
    if (!provider) throw unknownProviderError(id, argument, providers.keys());
    if (provider.checkCallOptions) provider.checkCallOptions(value, argument);
    else if (Object.keys(value).length > 0) {
      throw new InvalidArgumentError({
        argument: `${argument}.${Object.keys(value)[0]}`,
        reason: `provider '${id}' takes no per-call options, so ${Object.keys(value)
          .map((key) => `'${key}'`)
          .join(', ')} would be ignored. Remove them.`,
      });
    }
  }
}

/** `resilience.providers` names providers that serve this model. */
function checkProviderList(ids: readonly string[], { providers, modelId, entries }: CallContext): void {
  const serving = entries.map((entry) => entry.provider.id);
  const unknown = ids.filter((id) => !providers.has(id));
  const notServing = ids.filter((id) => providers.has(id) && !serving.includes(id));
  if (unknown.length === 0 && notServing.length === 0) return;
  const problems = [
    ...unknown.map((id) => {
      const closest = closestNames(id, providers.keys(), { limit: 1 });
      return `'${id}' is not a registered provider${closest.length ? ` (did you mean '${closest[0]}'?)` : ''}`;
    }),
    ...notServing.map((id) => `'${id}' does not serve '${modelId}'`),
  ];
  throw new InvalidArgumentError({
    argument: 'options.resilience.providers',
    reason: `${problems.join('; ')}. Providers serving '${modelId}': ${serving.join(', ') || '(none)'}.`,
  });
}
