import { InvalidArgumentError, parseHttpUrl } from '@switchboard/core';
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';

/** The id a provider gets when its settings name none. */
export const DEFAULT_PROVIDER_ID = 'openai-compatible';

/** llama.cpp's `llama-server` default address: the most likely local endpoint. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080/v1';

/** Settings after validation, defaults and environment applied. */
export interface ResolvedSettings {
  id: string;
  baseUrl: string;
  apiKey: string | undefined;
  models: readonly string[];
  defaultModel: string;
  visionModels: readonly string[];
  modelAliases: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string>>;
  stream: boolean;
}

/** Options for {@link resolveSettings}. */
export interface ResolveSettingsOptions {
  /** Environment for `OPENAI_COMPATIBLE_BASE_URL` / `OPENAI_COMPATIBLE_API_KEY`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where the settings came from, prefixed to every field in errors (`providerOptions.openai-compatible`). */
  source: string;
  /**
   * The model list is about to be read from the server: skip the checks that need it (vision
   * models being among the models), which the caller does against the list it gets.
   * @default false
   */
  modelsPending?: boolean;
}

const KNOWN_KEYS: readonly (keyof OpenAICompatibleSettings)[] = [
  'id',
  'baseUrl',
  'apiKey',
  'models',
  'defaultModel',
  'visionModels',
  'modelAliases',
  'headers',
  'stream',
];

const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks raw settings and fills in defaults. Pure (the environment is passed in). Every problem is
 * an `InvalidArgumentError` naming the field (`providerOptions.openai-compatible.models[1]`) and
 * what it should be. Unknown keys are refused too: `baseURL` (the OpenAI SDK's spelling) silently
 * ignored would send requests to the default address.
 */
export function resolveSettings(raw: Readonly<Record<string, unknown>>, { env, source, modelsPending = false }: ResolveSettingsOptions): ResolvedSettings {
  const fail = (field: string, message: string, cause?: unknown): never => {
    throw new InvalidArgumentError({ argument: `${source}.${field}`, message, cause });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidArgumentError({ argument: source, message: `expected a settings object, got ${describe(raw)}.` });
  }
  for (const key of Object.keys(raw)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      const hint = KNOWN_KEYS.find((known) => known.toLowerCase() === key.toLowerCase());
      fail(key, `unknown setting.${hint ? ` Did you mean '${hint}'?` : ''} Known settings: ${KNOWN_KEYS.join(', ')}.`);
    }
  }

  const id = raw.id ?? DEFAULT_PROVIDER_ID;
  if (typeof id !== 'string' || !PROVIDER_ID.test(id)) {
    fail('id', `expected a lower-case id of letters, digits, '.', '_' or '-' such as 'local-llama', got ${describe(id)}.`);
  }

  const envBaseUrl = nonEmpty(env.OPENAI_COMPATIBLE_BASE_URL);
  const baseUrl =
    raw.baseUrl !== undefined
      ? parseHttpUrl(raw.baseUrl, { argument: `${source}.baseUrl` })
      : envBaseUrl !== undefined
        ? parseHttpUrl(envBaseUrl, { argument: 'env.OPENAI_COMPATIBLE_BASE_URL' })
        : DEFAULT_BASE_URL;

  let apiKey: string | undefined;
  if (raw.apiKey !== undefined) {
    if (typeof raw.apiKey !== 'string' || raw.apiKey.trim() === '') fail('apiKey', `expected a non-empty string, got ${describeSecret(raw.apiKey)}.`);
    apiKey = raw.apiKey as string;
  } else {
    apiKey = nonEmpty(env.OPENAI_COMPATIBLE_API_KEY);
  }
  // A line break in a header value would let the key smuggle in other headers.
  if (apiKey !== undefined && /[\r\n]/.test(apiKey)) fail('apiKey', 'contains a line break; expected the bare key.');

  const models = raw.models === undefined ? undefined : modelList(raw.models, 'models', fail, { nonEmpty: true });
  let defaultModel: string | undefined;
  if (raw.defaultModel !== undefined) {
    if (typeof raw.defaultModel !== 'string' || raw.defaultModel.trim() === '') {
      fail('defaultModel', `expected a model name, got ${describe(raw.defaultModel)}.`);
    }
    defaultModel = raw.defaultModel as string;
    if (models && !models.includes(defaultModel)) {
      fail('defaultModel', `'${defaultModel}' is not one of models (${models.join(', ')}).`);
    }
  }
  // Without a list, the one model the host named is the one we know the server serves.
  const knownModels = models ?? (defaultModel !== undefined ? [defaultModel] : []);

  const visionModels = raw.visionModels === undefined ? [] : modelList(raw.visionModels, 'visionModels', fail, { nonEmpty: false });
  visionModels.forEach((model, index) => {
    if (!modelsPending && !knownModels.includes(model)) {
      fail(`visionModels[${index}]`, `'${model}' is not one of models (${knownModels.join(', ') || 'none configured'}).`);
    }
  });

  const modelAliases = stringRecord(raw.modelAliases, 'modelAliases', fail);
  const headers = stringRecord(raw.headers, 'headers', fail);
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) fail(`headers['${name}']`, 'is not a valid HTTP header name.');
    if (/[\r\n]/.test(value)) fail(`headers['${name}']`, 'contains a line break.');
    if (apiKey !== undefined && name.toLowerCase() === 'authorization') {
      fail(`headers['${name}']`, 'conflicts with apiKey, which sets Authorization: Bearer; set one or the other.');
    }
  }

  if (raw.stream !== undefined && typeof raw.stream !== 'boolean') fail('stream', `expected true or false, got ${describe(raw.stream)}.`);

  return {
    id: id as string,
    baseUrl,
    apiKey,
    models: knownModels,
    defaultModel: defaultModel ?? knownModels[0] ?? '',
    visionModels,
    modelAliases,
    headers,
    stream: (raw.stream as boolean | undefined) ?? true,
  };
}

type Fail = (field: string, message: string) => never;

function modelList(value: unknown, field: string, fail: Fail, { nonEmpty: requireOne }: { nonEmpty: boolean }): string[] {
  if (!Array.isArray(value)) return fail(field, `expected an array of model names, got ${describe(value)}.`);
  if (requireOne && value.length === 0) {
    fail(field, 'is empty; list at least one model, or leave it out and use createOpenAICompatibleProvider() to read the list from the server.');
  }
  const seen = new Set<string>();
  value.forEach((model: unknown, index) => {
    if (typeof model !== 'string' || model.trim() === '') fail(`${field}[${index}]`, `expected a model name, got ${describe(model)}.`);
    if (seen.has(model as string)) fail(`${field}[${index}]`, `'${model as string}' is listed twice.`);
    seen.add(model as string);
  });
  return value as string[];
}

function stringRecord(value: unknown, field: string, fail: Fail): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(field, `expected an object of strings, got ${describe(value)}.`);
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string' || entry === '') fail(`${field}['${key}']`, `expected a non-empty string, got ${describe(entry)}.`);
  }
  return { ...(value as Record<string, string>) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Like `describe`, but never echoes what may be a secret. */
function describeSecret(value: unknown): string {
  return typeof value === 'string' ? 'an empty string' : describe(value);
}
