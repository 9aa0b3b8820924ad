import {
  createHttpClient,
  httpErrorFromResponse,
  InvalidArgumentError,
  looksLikeHtml,
  messageText,
  PROVIDER_SPECIFICATION_VERSION,
  ResponseFormatError,
  type HttpClient,
  type Message,
  type Provider,
  type ProviderCallOptions,
  type ProviderChunk,
  type ProviderContext,
} from '@switchboard/core/provider';

/** Settings: `createRegistry({ providerOptions: { '__PROVIDER_ID__': settings } })`, or `__FACTORY_NAME__(settings)`. */
export type __CLASS_NAME__Settings = {
  /** Where the API is. @default 'https://api.example.com/v1' */
  baseUrl?: string;
  /** API key. @default env __ENV_PREFIX___API_KEY */
  apiKey?: string;
};

/** What the service answers: `POST {baseUrl}/chat { model, messages, temperature? }` -> this. */
interface ChatAnswer {
  output?: unknown;
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** __PROVIDER_LABEL__ for a Switchboard registry. Change the attributes and the wire format to your service's. */
export class __CLASS_NAME__ implements Provider {
  readonly specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  readonly id = '__PROVIDER_ID__';
  readonly label = '__PROVIDER_LABEL__';
  readonly url = 'https://example.com';
  readonly loginUrl = 'https://example.com/keys';
  readonly apiEndpoint: string;
  readonly working = true;
  readonly needsAuth = true;
  readonly useNodriver = true;
  readonly supportsStream = false;
  readonly supportsSystemMessage = true;
  readonly supportsMessageHistory = true;
  readonly models = ['__PROVIDER_ID__-large', '__PROVIDER_ID__-small'];
  readonly defaultModel = '__PROVIDER_ID__-large';
  readonly visionModels: readonly string[] = [];
  readonly defaultVisionModel = undefined;
  readonly modelAliases = { '__PROVIDER_ID__-latest': '__PROVIDER_ID__-large' };
  readonly capabilities = { '__PROVIDER_ID__-large': { structuredOutput: false } };
  readonly unconfigured: Provider['unconfigured'];
  readonly #http: HttpClient;

  /** Built by the registry (dependency injection) with its context, or by `__FACTORY_NAME__`. */
  constructor({ settings, env }: Pick<ProviderContext, 'settings' | 'env'>) {
    const { baseUrl = 'https://api.example.com/v1', apiKey = env['__ENV_PREFIX___API_KEY'] } = settings(this.id) as __CLASS_NAME__Settings;
    if (!apiKey) this.unconfigured = { reason: 'no API key', fix: `set __ENV_PREFIX___API_KEY, or providerOptions['${this.id}'].apiKey` };
    this.#http = createHttpClient({ provider: this.id, baseUrl, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' } });
    this.apiEndpoint = `${this.#http.baseUrl}/chat`;
  }

  /** Per-call options (`generate(prompt, { providerOptions: { '__PROVIDER_ID__': { temperature } } })`), checked before any request. */
  checkCallOptions(options: Readonly<Record<string, unknown>>, argument: string): void {
    const wrong = Object.keys(options).find((key) => key !== 'temperature' || typeof options[key] !== 'number');
    if (wrong) throw new InvalidArgumentError({ argument: `${argument}.${wrong}`, reason: '__PROVIDER_LABEL__ takes only { temperature: number }.' });
  }

  async *createAsyncGenerator(model: string, messages: readonly Message[], options: ProviderCallOptions): AsyncGenerator<ProviderChunk> {
    const body = JSON.stringify({ model, messages: messages.map((message) => ({ role: message.role, content: messageText(message) })), ...options.extra });
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
 * A provider outside dependency injection: for tests, tools that load plugins by name, or a
 * second instance.
 */
export function __FACTORY_NAME__(settings: __CLASS_NAME__Settings = {}, context: { env?: Readonly<Record<string, string | undefined>> } = {}): __CLASS_NAME__ {
  return new __CLASS_NAME__({ settings: () => settings, env: context.env ?? process.env });
}
