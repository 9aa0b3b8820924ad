import {
  createHttpClient,
  httpErrorFromResponse,
  httpUrl,
  InvalidArgumentError,
  looksLikeHtml,
  messageText,
  optional,
  PROVIDER_SPECIFICATION_VERSION,
  providerId,
  resolveProviderSettings,
  ResponseFormatError,
  secret,
  strictOptions,
  type CallSetting,
  type HttpClient,
  type Message,
  type Provider,
  type ProviderCallOptions,
  type ProviderChunk,
  type ProviderFactoryContext,
} from '@switchboard/core/provider';

/** Settings: `createRegistry({ providerOptions: { '__PROVIDER_ID__': settings } })`, or `__FACTORY_NAME__(settings)`. */
export type __CLASS_NAME__Settings = {
  /** The id of another instance (the registered provider is always '__PROVIDER_ID__'). @default '__PROVIDER_ID__' */
  id?: string;
  /** Where the API is. @default 'https://api.example.com/v1' */
  baseUrl?: string;
  /** API key. @default env __ENV_PREFIX___API_KEY */
  apiKey?: string;
};

/** What the plugin says about itself: the registered id, the display name, the factory's name in errors. */
const PLUGIN = { id: '__PROVIDER_ID__', label: '__PROVIDER_LABEL__', factory: '__FACTORY_NAME__' };

/** The settings, checked in core's vocabulary: every problem at once, a misspelt key naming the closest one. */
const settingsSchema = strictOptions({ id: optional(providerId()), baseUrl: optional(httpUrl()), apiKey: optional(secret()) }, 'setting');

/** The standard call settings the service takes (`temperature`, `max_tokens`, `top_p`, `stop`): declared per model below. */
const CALL_SETTINGS: readonly CallSetting[] = ['temperature', 'maxOutputTokens', 'topP', 'stopSequences'];

/** What the service answers: `POST {baseUrl}/chat { model, messages, temperature?, max_tokens?, top_p?, stop? }` -> this. */
interface ChatAnswer {
  output?: unknown;
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** __PROVIDER_LABEL__ for a Switchboard registry. Change the attributes and the wire format to your service's. */
export class __CLASS_NAME__ implements Provider {
  readonly specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  readonly url = 'https://example.com';
  readonly working = true;
  readonly needsAuth = true;
  readonly supportsStream = false;
  readonly supportsSystemMessage = true;
  readonly supportsMessageHistory = true;
  readonly models = ['__PROVIDER_ID__-large', '__PROVIDER_ID__-small'];
  readonly defaultModel = '__PROVIDER_ID__-large';
  readonly visionModels: readonly string[] = [];
  readonly defaultVisionModel = undefined;
  readonly modelAliases = { '__PROVIDER_ID__-latest': '__PROVIDER_ID__-large' };
  readonly capabilities = { '__PROVIDER_ID__-large': { structuredOutput: false } };
  readonly callSettings = { '__PROVIDER_ID__-large': CALL_SETTINGS, '__PROVIDER_ID__-small': CALL_SETTINGS };
  /** Optional metadata, never read by core. */
  readonly loginUrl = 'https://example.com/keys';
  readonly apiEndpoint: string;
  readonly unconfigured: Provider['unconfigured'];
  readonly #http: HttpClient;

  /** Takes checked settings; build one with `__FACTORY_NAME__`. */
  constructor(
    readonly id: string,
    readonly label: string,
    { baseUrl, apiKey }: { baseUrl: string; apiKey: string | undefined },
  ) {
    if (!apiKey) this.unconfigured = { reason: 'no API key', fix: `set __ENV_PREFIX___API_KEY, or providerOptions['${id}'].apiKey` };
    this.#http = createHttpClient({ provider: id, baseUrl, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' } });
    this.apiEndpoint = `${this.#http.baseUrl}/chat`;
  }

  /** What only this service takes (`providerOptions: { '__PROVIDER_ID__': { safety } }`), checked before any request. */
  checkCallOptions(options: Readonly<Record<string, unknown>>, argument: string): void {
    const wrong = Object.keys(options).find((key) => key !== 'safety' || typeof options[key] !== 'boolean');
    if (wrong) throw new InvalidArgumentError({ argument: `${argument}.${wrong}`, reason: '__PROVIDER_LABEL__ takes only { safety: boolean }.' });
  }

  async *createAsyncGenerator(model: string, messages: readonly Message[], options: ProviderCallOptions): AsyncGenerator<ProviderChunk> {
    // Only the settings `callSettings` declares arrive; each goes under the service's own name.
    const { temperature, maxOutputTokens, topP, stopSequences } = options.settings;
    const body = JSON.stringify({
      model,
      messages: messages.map((message) => ({ role: message.role, content: messageText(message) })),
      temperature,
      max_tokens: maxOutputTokens,
      top_p: topP,
      stop: stopSequences,
      ...options.extra,
    });
    const response = await this.#http.request({ path: '/chat', body, model, signal: options.signal, ...(options.proxy ? { proxy: options.proxy } : {}) });
    const text = await response.text();
    const where = { provider: this.id, model, url: response.url, status: response.status, responseBody: text };
    // A 200 with an HTML page (an outage or a bot challenge): typed like core types non-2xx pages.
    if (looksLikeHtml(text, response.header('content-type'))) throw httpErrorFromResponse({ ...where, headers: response.headers, body: text });
    let answer: ChatAnswer;
    try {
      answer = JSON.parse(text) as ChatAnswer;
    } catch (cause) {
      throw new ResponseFormatError({ ...where, message: `${this.label} answered malformed JSON for model '${model}'.`, cause });
    }
    if (typeof answer.output !== 'string') throw new ResponseFormatError({ ...where, message: `${this.label} answered without \`output\`.` });
    // An empty answer is left to the registry, which makes it an EmptyResponseError (so fallback can act).
    yield { type: 'text', text: answer.output };
    if (answer.usage) yield { type: 'usage', usage: { promptTokens: answer.usage.input_tokens, completionTokens: answer.usage.output_tokens } };
    yield { type: 'finish', finishReason: 'stop' };
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}

/**
 * The one way a `__CLASS_NAME__` is built: a registry calls it for the registered provider (importing
 * the package registers it), a config file's instances call it, and code calls it for another
 * instance under its own `id`.
 */
export function __FACTORY_NAME__(settings?: __CLASS_NAME__Settings, context?: ProviderFactoryContext): __CLASS_NAME__ {
  const { settings: given, id, label, env } = resolveProviderSettings(PLUGIN, settingsSchema, settings, context);
  return new __CLASS_NAME__(id, label, { baseUrl: given.baseUrl ?? 'https://api.example.com/v1', apiKey: given.apiKey ?? env['__ENV_PREFIX___API_KEY'] });
}
