import {
  createHttpClient,
  injectProviderContext,
  MediaError,
  PROVIDER_SPECIFICATION_VERSION,
  registerProvider,
  type HealthCheckOptions,
  type HealthCheckResult,
  type HttpClient,
  type HttpResponse,
  type Message,
  type Provider,
  type ProviderCallOptions,
  type ProviderChunk,
  type ProviderContext,
} from '@switchboard/core';
import { buildFormBody, buildHeaders } from './build-request.js';
import { resolveDynasparkSettings, type ResolvedDynasparkSettings, DYNASPARK_URL } from './dynaspark-settings.js';
import { formatPrompt } from './format-prompt.js';
import { parseDynasparkAnswer } from './parse-response.js';

const URLENCODED = 'application/x-www-form-urlencoded';

/** Dynaspark's models; every one takes an image. */
export const DYNASPARK_MODELS = ['gemini-1.5-flash', 'gemini-1.5-flash-8b', 'gemini-2.0-flash', 'gemini-2.0-flash-lite'] as const;

export type DynasparkModelId = (typeof DYNASPARK_MODELS)[number] | (string & {});

/**
 * Dynaspark, a free Gemini-backed chat service, wire-compatible with gpt4free's provider: one POST
 * form per answer (the service does not stream), the whole conversation flattened into one prompt.
 * Registered in the global container when the package is imported.
 */
@registerProvider()
export class DynasparkProvider implements Provider {
  readonly specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  readonly id = 'dynaspark';
  readonly label = 'Dynaspark';
  readonly url = DYNASPARK_URL;
  readonly loginUrl = undefined;
  readonly apiEndpoint: string;
  readonly working = true;
  readonly needsAuth = false;
  readonly useNodriver = true;
  readonly supportsStream = true;
  readonly supportsSystemMessage = false;
  readonly supportsMessageHistory = false;
  readonly defaultModel = 'gemini-1.5-flash';
  readonly defaultVisionModel = 'gemini-1.5-flash';
  readonly models: readonly string[] = DYNASPARK_MODELS;
  readonly visionModels: readonly string[];
  // gpt4free declared aliases from real models to smaller ones; swapping a model silently is what
  // its users complained about, so there are none.
  readonly modelAliases: Readonly<Record<string, string>> = {};
  readonly maxMediaItems = 1;

  readonly settings: ResolvedDynasparkSettings;
  readonly #http: HttpClient;
  readonly #headers: Record<string, string>;

  constructor(@injectProviderContext() context: ProviderContext) {
    this.settings = resolveDynasparkSettings(context.settings('dynaspark'), context.env);
    const { baseUrl, path, mode, userAgent, connections } = this.settings;
    this.apiEndpoint = mode === 'form' ? baseUrl + path : `${baseUrl}/api/generate_response`;
    this.visionModels = mode === 'form' ? DYNASPARK_MODELS : [];
    // The text-only form is the common request: its content type goes with the defaults, so a
    // request adds headers only for a multipart upload.
    this.#headers = { ...buildHeaders({ origin: new URL(baseUrl).origin, userAgent }), 'content-type': URLENCODED };
    this.#http = createHttpClient({ provider: this.id, baseUrl, headers: this.#headers, connections });
  }

  async *createAsyncGenerator(model: string, messages: readonly Message[], options: ProviderCallOptions): AsyncGenerator<ProviderChunk> {
    if (options.media.length > this.maxMediaItems) {
      throw new MediaError({
        index: 1,
        message: `Dynaspark takes one image per request, got ${options.media.length} (${options.media.map((item) => item.origin).join(', ')}). Send one image, or let the registry send the first with extraMedia: 'warn'.`,
      });
    }
    const prompt = formatPrompt(messages);
    const answer = this.settings.mode === 'api' ? await this.#askApi(model, prompt, options) : await this.#askForm(model, prompt, options);
    yield { type: 'text', text: answer.text };
    if (answer.usage) yield { type: 'usage', usage: answer.usage };
    yield { type: 'finish', finishReason: 'stop' };
  }

  async healthCheck({ signal, deep, model }: HealthCheckOptions): Promise<HealthCheckResult> {
    if (deep) {
      const probeModel = model ?? this.defaultModel;
      const answer = await this.#askForm(probeModel, 'Hi', { signal, media: [], proxy: undefined });
      return { ok: true, detail: `answered ${answer.text.length} characters` };
    }
    const response = await this.#http.request({ method: 'GET', path: '/status', model: model ?? this.defaultModel, signal });
    await response.text();
    return { ok: true, detail: `status page HTTP ${response.status}` };
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  async #askForm(model: string, prompt: string, options: Pick<ProviderCallOptions, 'signal' | 'media' | 'proxy'>) {
    const { body, contentType } = buildFormBody({ prompt, model, image: options.media[0] });
    const response = await this.#http.request({
      path: this.settings.path,
      body,
      ...(contentType === URLENCODED ? {} : { headers: { 'content-type': contentType } }),
      model,
      signal: options.signal,
      ...(options.proxy ? { proxy: options.proxy } : {}),
    });
    return this.#parse(model, response);
  }

  async #parse(model: string, response: HttpResponse) {
    return parseDynasparkAnswer({
      provider: this.id,
      model,
      url: response.url,
      status: response.status,
      contentType: response.header('content-type'),
      headers: () => response.headers,
      body: await response.text(),
    });
  }

  async #askApi(model: string, prompt: string, options: Pick<ProviderCallOptions, 'signal' | 'proxy'>) {
    const response = await this.#http.request({
      method: 'GET',
      path: '/api/generate_response',
      query: { user_input: prompt, model, api_key: this.settings.apiKey },
      model,
      signal: options.signal,
      ...(options.proxy ? { proxy: options.proxy } : {}),
    });
    return this.#parse(model, response);
  }
}
