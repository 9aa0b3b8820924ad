import {
  createHttpClient,
  MediaError,
  PROVIDER_SPECIFICATION_VERSION,
  type HealthCheckOptions,
  type HealthCheckResult,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type Logger,
  type Message,
  type Provider,
  type ProviderCallOptions,
  type ProviderChunk,
} from '@switchboard/core/provider';
import { buildHeaders, buildRequest, URLENCODED } from './build-request.js';
import { DYNASPARK_URL, type ResolvedDynasparkSettings } from './dynaspark-settings.js';
import { formatPrompt } from './format-prompt.js';
import { parseResponse, type ParsedAnswer } from './parse-response.js';

/** Dynaspark's models; in `mode: 'form'` every one takes an image. */
export const DYNASPARK_MODELS = ['gemini-1.5-flash', 'gemini-1.5-flash-8b', 'gemini-2.0-flash', 'gemini-2.0-flash-lite'] as const;

/** A Dynaspark model name; any string is accepted, the known ones are suggested. */
export type DynasparkModelId = (typeof DYNASPARK_MODELS)[number] | (string & {});

type Ask = Pick<HttpRequest, 'signal' | 'cancellation' | 'proxy'> & { image?: ProviderCallOptions['media'][number] | undefined };

/**
 * Dynaspark, a free Gemini-backed chat service, wire-compatible with gpt4free's provider: one POST
 * form per answer (the service does not stream), the whole conversation flattened into one prompt.
 * It honours none of the standard call settings (the service takes a prompt and a model name,
 * nothing else), so it declares no `callSettings`: a call's `temperature` reaches it as an
 * `unsupported-setting` warning. Built by `createDynaspark` (which importing the package registers).
 */
export class DynasparkProvider implements Provider {
  readonly specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  readonly id: string;
  readonly label: string;
  readonly url = DYNASPARK_URL;
  /** Optional metadata: the endpoint called. */
  readonly apiEndpoint: string;
  readonly working = true;
  readonly needsAuth = false;
  /** Optional metadata carried over from gpt4free. */
  readonly useNodriver = true;
  // The service answers in one piece: the registry still streams that piece to `stream()` callers.
  readonly supportsStream = false;
  readonly supportsSystemMessage = false;
  readonly supportsMessageHistory = false;
  readonly defaultModel = 'gemini-1.5-flash';
  readonly defaultVisionModel: string | undefined;
  readonly models: readonly string[] = DYNASPARK_MODELS;
  readonly visionModels: readonly string[];
  // gpt4free declared aliases from real models to smaller ones; swapping a model silently is what
  // its users complained about, so there are none.
  readonly modelAliases: Readonly<Record<string, string>> = {};
  readonly maxMediaItems: number;

  readonly #settings: ResolvedDynasparkSettings;
  readonly #http: HttpClient;

  /** Takes settings `createDynaspark` checked; build one with `createDynaspark`. */
  constructor(settings: ResolvedDynasparkSettings, logger?: Logger) {
    const { id, baseUrl, path, mode, userAgent, connections, maxResponseBytes } = settings;
    this.#settings = settings;
    this.id = id;
    this.label = settings.label;
    this.apiEndpoint = mode === 'form' ? baseUrl + path : `${baseUrl}/api/generate_response`;
    // The documented API takes text only: no vision model, so no default one either.
    this.visionModels = mode === 'form' ? DYNASPARK_MODELS : [];
    this.defaultVisionModel = mode === 'form' ? 'gemini-1.5-flash' : undefined;
    this.maxMediaItems = mode === 'form' ? 1 : 0;
    // The text-only form is the common request: its content type goes with the defaults, so a
    // request adds a header only for a multipart upload.
    const headers = { ...buildHeaders({ origin: new URL(baseUrl).origin, userAgent }), 'content-type': URLENCODED };
    this.#http = createHttpClient({ provider: id, baseUrl, headers, connections, maxResponseBytes });
    logger?.debug({ provider: id, baseUrl, mode }, 'provider ready');
  }

  async *createAsyncGenerator(model: string, messages: readonly Message[], options: ProviderCallOptions): AsyncGenerator<ProviderChunk> {
    if (options.media.length > this.maxMediaItems) {
      const extra = options.media[this.maxMediaItems];
      throw new MediaError({
        index: this.maxMediaItems,
        ...(extra ? { path: extra.origin } : {}),
        message: `Dynaspark ${this.#settings.mode === 'form' ? 'takes one image per request' : "takes no image in mode 'api'"}, got ${options.media.length} (${options.media.map((item) => item.origin).join(', ')}).`,
      });
    }
    const { cancellation } = options;
    // The registry's cancellation, when it gives one, spares the attempt an AbortSignal (read only without it).
    const answer = await this.#ask(model, formatPrompt(messages), {
      signal: cancellation ? undefined : options.signal,
      cancellation,
      proxy: options.proxy,
      image: options.media[0],
    });
    yield { type: 'text', text: answer.text };
    if (answer.usage) yield { type: 'usage', usage: answer.usage };
    yield { type: 'finish', finishReason: 'stop' };
  }

  /** Cheap probe: the service's `/status` page. Deep probe: the smallest real request. */
  async healthCheck({ signal, deep, model = this.defaultModel }: HealthCheckOptions): Promise<HealthCheckResult> {
    if (deep) {
      const answer = await this.#ask(model, 'Hi', { signal, proxy: undefined });
      return { ok: true, detail: `answered ${answer.text.length} characters` };
    }
    const response = await this.#http.controlRequest({ method: 'GET', path: '/status', model, signal });
    await response.text();
    return { ok: true, detail: `status page HTTP ${response.status}` };
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  async #ask(model: string, prompt: string, { signal, cancellation, proxy, image }: Ask): Promise<ParsedAnswer> {
    let response: HttpResponse;
    // Requests written out whole: spreads of conditional objects build slow copies on every call.
    if (this.#settings.mode === 'api') {
      const query = { user_input: prompt, model, api_key: this.#settings.apiKey };
      response = await this.#http.request({ method: 'GET', path: '/api/generate_response', query, model, signal, cancellation, proxy });
    } else {
      const { body, contentType } = buildRequest({ prompt, model, image });
      const request: HttpRequest = { path: this.#settings.path, body, model, signal, cancellation, proxy };
      // The urlencoded content type goes with the client's defaults; a multipart upload names its boundary.
      if (contentType !== URLENCODED) request.headers = { 'content-type': contentType };
      response = await this.#http.request(request);
    }
    // The API's URL carries the key in its query: errors name the endpoint instead.
    const url = this.#settings.mode === 'api' ? this.apiEndpoint : response.url;
    const body = await response.text();
    return parseResponse({
      provider: this.id,
      model,
      url,
      status: response.status,
      contentType: response.header('content-type'),
      headers: () => response.headers,
      body,
    });
  }
}
