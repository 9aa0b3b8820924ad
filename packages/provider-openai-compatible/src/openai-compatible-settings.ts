import {
  closestNames,
  DEFAULT_MAX_RESPONSE_BYTES,
  describeValue,
  InvalidArgumentError,
  parseHttpUrl,
  parseWithSchema,
  type ModelCapabilities,
} from '@switchboard/core/provider';
import * as v from 'valibot';
import { flag, httpUrl, modelList, modelName, oneLine, providerId, recordOf, secret, strictOptions, wholeNumber } from '@switchboard/core/provider';

/** The id of the provider that importing the package registers. */
export const OPENAI_COMPATIBLE_ID = 'openai-compatible';

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
}

/** Settings checked, with the environment and defaults applied. */
export interface ResolvedOpenAICompatibleSettings {
  id: string;
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
}

/** Options for {@link resolveOpenAICompatibleSettings}. */
export interface ResolveOpenAICompatibleSettingsOptions {
  /** Environment for `OPENAI_COMPATIBLE_BASE_URL` and `OPENAI_COMPATIBLE_API_KEY`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where the settings came from, the prefix of every field in errors (`providerOptions.openai-compatible`). */
  source: string;
  /**
   * Set for the registered provider, whose id is fixed: its settings are `providerOptions[id]`,
   * so settings naming another id would orphan themselves.
   */
  fixedId?: string;
  /**
   * The model list is about to be read from the server: skip the checks that need it (vision
   * models and models with capabilities among the models), which the caller makes against the
   * list it gets.
   * @default false
   */
  modelsPending?: boolean;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Most OpenAI-compatible servers call tools and follow JSON Schemas: everything is on unless turned off. */
const ALL_CAPABILITIES: ModelCapabilities = Object.freeze({ tools: true, parallelToolCalls: true, structuredOutput: true });

const capabilitySwitches = strictOptions(
  { tools: v.optional(flag()), parallelToolCalls: v.optional(flag()), structuredOutput: v.optional(flag()) },
  'capability',
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
    v.forward(
      v.partialCheck(
        [['models'], ['defaultModel'], ['visionModels']],
        (input) => modelsPending || unknownModels(input, input.visionModels ?? []).length === 0,
        (issue) => {
          const input = issue.input as Fields;
          const missing = unknownModels(input, input.visionModels ?? []);
          return `${missing.map((model) => `'${model}'`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not among models (${knownModels(input).join(', ') || 'none configured'}).`;
        },
      ),
      ['visionModels'],
    ),
    v.forward(
      v.partialCheck(
        [['models'], ['defaultModel'], ['capabilities']],
        (input) => modelsPending || unknownModels(input, Object.keys(input.capabilities ?? {})).length === 0,
        (issue) => {
          const input = issue.input as Fields;
          const known = knownModels(input);
          const missing = unknownModels(input, Object.keys(input.capabilities ?? {}));
          const hints = missing.flatMap((model) =>
            closestNames(model, known, { limit: 1 }).map((closest) => (missing.length === 1 ? `'${closest}'` : `'${closest}' for '${model}'`)),
          );
          return `${missing.map((model) => `'${model}'`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not among models (${known.join(', ') || 'none configured'})${hints.length ? `; did you mean ${hints.join(', ')}?` : '.'}`;
        },
      ),
      ['capabilities'],
    ),
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
 * Checks raw settings, every problem at once, and applies the environment and defaults. Errors
 * name the field (`providerOptions.openai-compatible.models[1]`); an unknown key names the
 * closest known one, so `baseURL` (the OpenAI SDK's spelling) is not silently ignored.
 */
export function resolveOpenAICompatibleSettings(
  raw: unknown,
  { env, source, fixedId, modelsPending = false }: ResolveOpenAICompatibleSettingsOptions,
): ResolvedOpenAICompatibleSettings {
  const settings = parseWithSchema(modelsPending ? SCHEMAS.pending : SCHEMAS.checked, raw ?? {}, source);
  if (fixedId !== undefined && settings.id !== undefined && settings.id !== fixedId) {
    throw new InvalidArgumentError({
      argument: `${source}.id`,
      reason: `the provider registered by importing the package is always '${fixedId}'. To serve an endpoint under its own id, create one: createRegistry({ providers: [await createOpenAICompatible({ id: ${JSON.stringify(settings.id)}, … })] }).`,
    });
  }
  const envBaseUrl = env['OPENAI_COMPATIBLE_BASE_URL']?.trim() || undefined;
  const apiKey = settings.apiKey ?? (env['OPENAI_COMPATIBLE_API_KEY']?.trim() || undefined);
  if (settings.apiKey === undefined && apiKey !== undefined && /[\r\n]/.test(apiKey)) {
    // A line break in a header value would let the key smuggle in other headers.
    throw new InvalidArgumentError({ argument: 'env.OPENAI_COMPATIBLE_API_KEY', reason: 'contains a line break; expected the bare key.' });
  }
  const models = knownModels(settings);
  return {
    id: settings.id ?? OPENAI_COMPATIBLE_ID,
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
