import {
  CALL_SETTINGS,
  closestNames,
  DEFAULT_MAX_RESPONSE_BYTES,
  describeValue,
  InvalidArgumentError,
  parseHttpUrl,
  resolveProviderSettings,
  type CallSetting,
  type ModelCapabilities,
  type ProviderFactoryContext,
  type ProviderPlugin,
} from '@switchboard/core/provider';
import * as v from 'valibot';
import {
  flag,
  httpUrl,
  listOf,
  modelList,
  modelName,
  oneLine,
  oneOf,
  providerId,
  recordOf,
  secret,
  strictOptions,
  wholeNumber,
} from '@switchboard/core/provider';

/** The id of the provider that importing the package registers. */
export const OPENAI_COMPATIBLE_ID = 'openai-compatible';

/** What the plugin says about itself: the registered id, the display name, the factory's name in errors. */
export const OPENAI_COMPATIBLE: ProviderPlugin = { id: OPENAI_COMPATIBLE_ID, label: 'OpenAI-compatible', factory: 'createOpenAICompatible' };

/** llama.cpp's `llama-server` default address: the most likely local endpoint. */
export const OPENAI_COMPATIBLE_BASE_URL = 'http://127.0.0.1:8080/v1';

/**
 * Settings of the OpenAI-compatible provider: `createRegistry({ providerOptions: { 'openai-compatible': settings } })`,
 * or the argument of `createOpenAICompatible(settings)`. Every field is optional.
 */
export interface OpenAICompatibleSettings {
  /**
   * Provider id: the key of `providerOptions`, logs and attempt records. Only
   * `createOpenAICompatible` takes another one (one plugin serving several endpoints); the
   * registered provider is always `openai-compatible`. Lower-case letters, digits, `.`, `_`, `-`.
   * @default 'openai-compatible'
   * @example 'groq'
   */
  id?: string;
  /**
   * The API root; chat requests go to `{baseUrl}/chat/completions`, the model list is
   * `{baseUrl}/models`.
   * @default env OPENAI_COMPATIBLE_BASE_URL, else 'http://127.0.0.1:8080/v1' (llama.cpp's server)
   * @example 'http://127.0.0.1:11434/v1' // Ollama
   */
  baseUrl?: string;
  /**
   * Sent as `Authorization: Bearer <apiKey>`. Local servers usually need none. Never logged.
   * @default env OPENAI_COMPATIBLE_API_KEY, else none
   */
  apiKey?: string;
  /**
   * The models this endpoint serves, as the server names them. The registry reads the list once,
   * when it is created, so it must be known up front: list them here, or let
   * `createOpenAICompatible()` (or `discoverModels()`) read them from `GET {baseUrl}/models` first.
   * Without any, the provider is installed but not configured: the registry lists it as not
   * working, with the reason and this fix, and serves no model from it.
   * @default [defaultModel] when `defaultModel` is set, else none
   * @example ['llama-3.1-8b-instruct', 'qwen2.5-vl-7b']
   */
  models?: readonly string[];
  /**
   * Used when the caller names no model. Must be one of `models`.
   * @default the first of `models`
   * @example 'llama-3.1-8b-instruct'
   */
  defaultModel?: string;
  /**
   * Models that accept images (sent as `image_url` parts with `data:` URIs). Must be among `models`.
   * @default [] (no model takes images)
   * @example ['qwen2.5-vl-7b']
   */
  visionModels?: readonly string[];
  /**
   * Public names mapped to this endpoint's model names, so the registry can serve `gpt-4o-mini`
   * from a local model.
   * @default {}
   * @example { 'gpt-4o-mini': 'llama-3.1-8b-instruct' }
   */
  modelAliases?: Readonly<Record<string, string>>;
  /**
   * Extra headers sent with every request (a gateway's routing or tenant header). Use `apiKey`
   * for the `Authorization` header.
   * @default {}
   * @example { 'x-gateway-route': 'gpu-pool-a' }
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * Stream when the caller streams: `model.stream()` asks for server-sent events and yields text as
   * it arrives, `generate()` asks for one JSON answer. `false` never streams (servers whose
   * streaming is broken); the answer then arrives in one piece either way.
   * @default true
   */
  stream?: boolean;
  /**
   * What every model of this endpoint can do beyond text: call tools, make several tool calls in
   * one answer, answer in JSON following a schema (`response_format`). Requests that need one of
   * these only go to models declaring it. Most OpenAI-compatible servers have all three, so all
   * are on; turn one off here for every model, or per model in `capabilities`.
   * `parallelToolCalls` needs `tools`: a model without tools makes no parallel calls either.
   * @default { tools: true, parallelToolCalls: true, structuredOutput: true }
   * @example { structuredOutput: false } // an older llama.cpp without json_schema support
   */
  defaultCapabilities?: Partial<ModelCapabilities>;
  /**
   * Per-model exceptions to `defaultCapabilities`, by model name (one of `models`); what a model's
   * entry leaves out keeps the default.
   * @default {}
   * @example { 'llama-3.1-8b': { tools: false } } // its chat template has no tool calls
   */
  capabilities?: Readonly<Record<string, Partial<ModelCapabilities>>>;
  /**
   * Largest JSON answer read (`generate()`, model lists), in bytes after decompression. A longer
   * one is cut off, its connection closed, and the attempt fails with a `ResponseTooLargeError`
   * (the registry falls over to the next provider).
   * @default 16 MiB
   */
  maxResponseBytes?: number;
  /**
   * Largest single server-sent event of a stream, in characters. A stream that sends a longer one
   * fails with a `ResponseFormatError` (the server is misbehaving); the stream as a whole is not
   * limited, only each event.
   * @default 16 MiB
   */
  maxEventBytes?: number;
  /**
   * How every model of this endpoint takes the standard call settings (`temperature`,
   * `maxOutputTokens`, `topP`, `topK`, `stopSequences`, `seed`, `presencePenalty`,
   * `frequencyPenalty`). All are mapped to the request (`topK` as `top_k`, which llama.cpp, vLLM and
   * LM Studio take) unless listed in `unsupported`; a call setting one a model does not take goes
   * without it, with an `unsupported-setting` warning. Without a `maxTokensField`, each model's
   * name decides: `max_completion_tokens` for OpenAI's reasoning models (`o1*`, `o3*`, `o4*`,
   * `gpt-5*`), `max_tokens` for the rest.
   * @default { unsupported: [] }
   * @example { unsupported: ['topK'] } // OpenAI's own API refuses top_k
   */
  defaultCallSettings?: CallSettingsSupport;
  /**
   * Per-model exceptions to `defaultCallSettings`, by model name (one of `models`): a model's
   * `maxTokensField` replaces the default, its `unsupported` settings add to the default's.
   * @default {}
   * @example { 'o3-mini': { maxTokensField: 'max_completion_tokens', unsupported: ['temperature', 'topP', 'presencePenalty', 'frequencyPenalty'] } }
   */
  callSettings?: Readonly<Record<string, CallSettingsSupport>>;
}

/** How a model takes the standard call settings. */
export interface CallSettingsSupport {
  /**
   * The request field `maxOutputTokens` goes in: `max_tokens` (what most servers take) or
   * `max_completion_tokens` (what OpenAI's reasoning models require).
   * @default by the model's name: 'max_completion_tokens' for `o1*`, `o3*`, `o4*` and `gpt-5*`, else 'max_tokens'
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Standard call settings the model does not take. @default [] */
  unsupported?: readonly CallSetting[];
}

/** Settings checked, with the environment and defaults applied. */
export interface ResolvedOpenAICompatibleSettings {
  id: string;
  /** `OpenAI-compatible`, or `OpenAI-compatible (<id>)` for an instance under another id. */
  label: string;
  baseUrl: string;
  apiKey: string | undefined;
  /** Empty when none are configured (the provider is then `unconfigured`). */
  models: readonly string[];
  /** '' when no model is configured. */
  defaultModel: string;
  visionModels: readonly string[];
  modelAliases: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string>>;
  stream: boolean;
  /** What a model can do unless `capabilities` says otherwise. */
  defaultCapabilities: ModelCapabilities;
  /** Per-model exceptions, as given. */
  capabilities: Readonly<Record<string, Partial<ModelCapabilities>>>;
  maxResponseBytes: number;
  maxEventBytes: number;
  /**
   * How a model takes the standard call settings unless `callSettings` says otherwise; without a
   * `maxTokensField`, the model's name decides.
   */
  defaultCallSettings: Pick<CallSettingsSupport, 'maxTokensField'> & Required<Pick<CallSettingsSupport, 'unsupported'>>;
  /** Per-model exceptions, as given. */
  callSettings: Readonly<Record<string, CallSettingsSupport>>;
}

/** Options for {@link resolveOpenAICompatibleSettings}: the factory's context, and whether the models are still to be read. */
export interface ResolveOpenAICompatibleSettingsOptions extends ProviderFactoryContext {
  /**
   * The model list is about to be read from the server: skip the checks that need it (vision
   * models and models with capabilities or call settings among the models), which the caller
   * makes against the list it gets.
   * @default false
   */
  modelsPending?: boolean;
  /** Where the settings came from, when not a factory's (`discoverModels(options)`). */
  factory?: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Most OpenAI-compatible servers call tools and follow JSON Schemas: everything is on unless turned off. */
const ALL_CAPABILITIES: ModelCapabilities = Object.freeze({ tools: true, parallelToolCalls: true, structuredOutput: true });

const capabilitySwitches = strictOptions(
  { tools: v.optional(flag()), parallelToolCalls: v.optional(flag()), structuredOutput: v.optional(flag()) },
  'capability',
);

const callSettingsSupport = strictOptions(
  {
    maxTokensField: v.optional(oneOf(['max_tokens', 'max_completion_tokens'])),
    unsupported: v.optional(listOf(oneOf(CALL_SETTINGS), 'an array of call setting names')),
  },
  'call setting option',
);

const fields = strictOptions(
  {
    id: v.optional(providerId()),
    baseUrl: v.optional(httpUrl('http://127.0.0.1:8080/v1')),
    apiKey: v.optional(secret()),
    models: v.optional(
      v.pipe(modelList(), v.minLength(1, 'is empty; list at least one model, or leave models out to read them from the server with createOpenAICompatible().')),
    ),
    defaultModel: v.optional(modelName()),
    visionModels: v.optional(modelList()),
    modelAliases: v.optional(recordOf(modelName(), 'an object mapping public names to model names')),
    headers: v.optional(
      recordOf(
        oneLine('a one-line header value'),
        'an object of header names to values',
        v.pipe(
          v.string(),
          v.regex(HEADER_NAME, (issue) => `${describeValue(issue.input)} is not a valid HTTP header name.`),
        ),
      ),
    ),
    stream: v.optional(flag()),
    defaultCapabilities: v.optional(capabilitySwitches),
    capabilities: v.optional(recordOf(capabilitySwitches, 'an object mapping model names to capabilities such as { tools: false }')),
    maxResponseBytes: v.optional(wholeNumber(1)),
    maxEventBytes: v.optional(wholeNumber(1)),
    defaultCallSettings: v.optional(callSettingsSupport),
    callSettings: v.optional(recordOf(callSettingsSupport, "an object mapping model names to call settings such as { unsupported: ['topK'] }")),
  },
  'setting',
);

type Fields = v.InferOutput<typeof fields>;

/** The rules between fields, each reported at the field that would have to change. */
const consistent = (modelsPending: boolean) =>
  v.pipe(
    fields,
    v.forward(
      v.partialCheck(
        [['models'], ['defaultModel']],
        ({ models, defaultModel }) => models === undefined || defaultModel === undefined || models.includes(defaultModel),
        (issue) => {
          const { models, defaultModel } = issue.input as Fields;
          return `'${defaultModel}' is not one of models (${models?.join(', ')}).`;
        },
      ),
      ['defaultModel'],
    ),
    amongModels('visionModels', (input) => input.visionModels ?? [], modelsPending),
    amongModels('capabilities', (input) => Object.keys(input.capabilities ?? {}), modelsPending),
    amongModels('callSettings', (input) => Object.keys(input.callSettings ?? {}), modelsPending),
    v.forward(
      v.partialCheck(
        [['apiKey'], ['headers']],
        ({ apiKey, headers }) => apiKey === undefined || !Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'authorization'),
        'sets Authorization, which apiKey sets too (Authorization: Bearer); set one or the other.',
      ),
      ['headers'],
    ),
  );

const SCHEMAS = { checked: consistent(false), pending: consistent(true) };

/**
 * The check that the models a setting names (`visionModels`, the keys of `capabilities` and
 * `callSettings`) are among the models served, reported at that setting with the closest model
 * for each stranger. Skipped while the model list is still to be read.
 */
function amongModels(
  key: 'visionModels' | 'capabilities' | 'callSettings',
  named: (input: Fields) => readonly string[],
  modelsPending: boolean,
): v.PipeItem<Fields, Fields, v.BaseIssue<unknown>> {
  // valibot's types cannot follow a path given as a parameter: the check reads the whole settings object.
  const check = v.partialCheck<Fields, [['models'], ['defaultModel'], [typeof key]], Fields, v.ErrorMessage<v.PartialCheckIssue<Fields>>>(
    [['models'], ['defaultModel'], [key]],
    (input) => modelsPending || unknownModels(input, named(input)).length === 0,
    (issue) => {
      const input = issue.input as Fields;
      const known = knownModels(input);
      const missing = unknownModels(input, named(input));
      const hints = missing.flatMap((model) =>
        closestNames(model, known, { limit: 1 }).map((closest) => (missing.length === 1 ? `'${closest}'` : `'${closest}' for '${model}'`)),
      );
      return `${missing.map((model) => `'${model}'`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not among models (${known.join(', ') || 'none configured'})${hints.length ? `; did you mean ${hints.join(', ')}?` : '.'}`;
    },
  );
  return v.forward(check as never, [key] as never) as unknown as v.PipeItem<Fields, Fields, v.BaseIssue<unknown>>;
}

/**
 * Checks raw settings, every problem at once, and applies the environment and defaults. Errors
 * name the field (`providerOptions.openai-compatible.models[1]` for the registered provider,
 * `createOpenAICompatible(settings).models[1]` otherwise); an unknown key names the closest known
 * one, so `baseURL` (the OpenAI SDK's spelling) is not silently ignored.
 */
export function resolveOpenAICompatibleSettings(raw: unknown, options: ResolveOpenAICompatibleSettingsOptions = {}): ResolvedOpenAICompatibleSettings {
  const { modelsPending = false, factory, ...context } = options;
  const plugin = factory ? { ...OPENAI_COMPATIBLE, factory } : OPENAI_COMPATIBLE;
  const { settings, id, label, env } = resolveProviderSettings(plugin, modelsPending ? SCHEMAS.pending : SCHEMAS.checked, raw, context);
  const envBaseUrl = env['OPENAI_COMPATIBLE_BASE_URL']?.trim() || undefined;
  const apiKey = settings.apiKey ?? (env['OPENAI_COMPATIBLE_API_KEY']?.trim() || undefined);
  if (settings.apiKey === undefined && apiKey !== undefined && /[\r\n]/.test(apiKey)) {
    // A line break in a header value would let the key smuggle in other headers.
    throw new InvalidArgumentError({ argument: 'env.OPENAI_COMPATIBLE_API_KEY', reason: 'contains a line break; expected the bare key.' });
  }
  const models = knownModels(settings);
  return {
    id,
    label,
    baseUrl:
      settings.baseUrl ?? (envBaseUrl !== undefined ? parseHttpUrl(envBaseUrl, { argument: 'env.OPENAI_COMPATIBLE_BASE_URL' }) : OPENAI_COMPATIBLE_BASE_URL),
    apiKey,
    models,
    defaultModel: settings.defaultModel ?? models[0] ?? '',
    visionModels: settings.visionModels ?? [],
    modelAliases: settings.modelAliases ?? {},
    headers: settings.headers ?? {},
    stream: settings.stream ?? true,
    defaultCapabilities: { ...ALL_CAPABILITIES, ...settings.defaultCapabilities },
    capabilities: settings.capabilities ?? {},
    maxResponseBytes: settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    maxEventBytes: settings.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    defaultCallSettings: { unsupported: [], ...settings.defaultCallSettings },
    callSettings: settings.callSettings ?? {},
  };
}

/** Default of {@link OpenAICompatibleSettings.maxEventBytes}. */
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** The models listed, else the one the host named: the models known to be served. */
function knownModels({ models, defaultModel }: Pick<Fields, 'models' | 'defaultModel'>): readonly string[] {
  return models ?? (defaultModel !== undefined ? [defaultModel] : []);
}

/** Those of `names` that are not among the models known to be served. */
function unknownModels(input: Pick<Fields, 'models' | 'defaultModel'>, names: readonly string[]): string[] {
  const known = knownModels(input);
  return names.filter((name) => !known.includes(name));
}
