import {
  ApiCallError,
  InvalidArgumentError,
  networkErrorFrom,
  PROVIDER_SPECIFICATION_VERSION,
  ResponseFormatError,
  injectProviderContext,
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
import { buildChatRequestBody } from './build-chat-request-body.js';
import { createEndpointClient } from './create-endpoint-client.js';
import { discoverModels, type DiscoverModelsOptions } from './discover-models.js';
import { FACTORY_SETTINGS_SOURCE, factoryContexts } from './factory-contexts.js';
import { fetchModelList } from './fetch-model-list.js';
import { modelNotFoundFrom } from './model-not-found-from.js';
import { parseChatChunk, type ChatChunk } from './parse-chat-chunk.js';
import { readServerSentEvents } from './read-server-sent-events.js';
import { DEFAULT_PROVIDER_ID, resolveSettings, type ResolvedSettings } from './resolve-settings.js';
import type { ResponseContext } from './response-context.js';
import { upstreamErrorFrom } from './upstream-error-from.js';

/**
 * A provider for any OpenAI-compatible chat endpoint: `POST {baseUrl}/chat/completions` with
 * server-sent events. Its settings are `providerOptions['openai-compatible']` of the registry
 * (see `OpenAICompatibleSettings`).
 *
 * Importing the package registers this class, so every registry created afterwards builds one from
 * its `providerOptions['openai-compatible']`. The registry reads `models` when it is created, so
 * they must be known then: listed in the settings, or read from the server beforehand with
 * {@link OpenAICompatibleProvider.discoverModels}. Settings without any model are refused with an
 * `InvalidArgumentError` saying so.
 */
@registerProvider()
export class OpenAICompatibleProvider implements Provider {
  readonly specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  readonly id: string;
  readonly label: string;
  readonly url: string;
  readonly loginUrl: string | undefined = undefined;
  readonly apiEndpoint: string;
  readonly working = true;
  readonly needsAuth: boolean;
  readonly useNodriver = true;
  readonly supportsStream: boolean;
  readonly supportsSystemMessage = true;
  readonly supportsMessageHistory = true;
  readonly defaultModel: string;
  readonly defaultVisionModel: string | undefined;
  readonly visionModels: readonly string[];
  readonly models: readonly string[];
  readonly modelAliases: Readonly<Record<string, string>>;
  readonly maxMediaItems: number;

  readonly #settings: ResolvedSettings;
  /** Created on first use and again after `close()`, so a closed instance stays usable. */
  #client: HttpClient | undefined;

  constructor(@injectProviderContext() context: ProviderContext) {
    const fromFactory = factoryContexts.has(context);
    const source = fromFactory ? FACTORY_SETTINGS_SOURCE : `providerOptions.${DEFAULT_PROVIDER_ID}`;
    const raw = context.settings(DEFAULT_PROVIDER_ID);
    if (!fromFactory && raw.id !== undefined && raw.id !== DEFAULT_PROVIDER_ID) {
      // The registry keys providerOptions by provider id: an id set here would orphan these very settings.
      throw new InvalidArgumentError({
        argument: `${source}.id`,
        message: `the registered provider's id is always '${DEFAULT_PROVIDER_ID}'; to serve an endpoint under another id, register \`await createOpenAICompatibleProvider({ id: ${JSON.stringify(raw.id)}, … })\`.`,
      });
    }
    const settings = resolveSettings(raw, { env: context.env, source });
    if (settings.models.length === 0) {
      throw new InvalidArgumentError({
        argument: `${source}.models`,
        message:
          'no models configured, and the registry needs them when it is created. List them (models: [\'llama-3.1-8b\']), name one (defaultModel), ' +
          `or read them from the server first: models: await OpenAICompatibleProvider.discoverModels({ baseUrl: '${settings.baseUrl}' }).`,
      });
    }
    this.#settings = settings;
    this.id = settings.id;
    this.label = settings.id === DEFAULT_PROVIDER_ID ? 'OpenAI-compatible' : `OpenAI-compatible (${settings.id})`;
    this.url = settings.baseUrl;
    this.apiEndpoint = `${settings.baseUrl}/chat/completions`;
    this.needsAuth = settings.apiKey !== undefined;
    this.supportsStream = settings.stream;
    this.models = settings.models;
    this.defaultModel = settings.defaultModel;
    this.visionModels = settings.visionModels;
    this.defaultVisionModel = settings.visionModels[0];
    this.modelAliases = settings.modelAliases;
    this.maxMediaItems = settings.visionModels.length > 0 ? Infinity : 0;
    context.logger.debug({ provider: this.id, baseUrl: settings.baseUrl, models: settings.models.length, auth: this.needsAuth }, 'provider ready');
  }

  /**
   * Reads the model list of an endpoint (`GET {baseUrl}/models`), to put in `models` before the
   * registry is created. Same defaults and environment variables as the settings.
   * @example providerOptions: { 'openai-compatible': { models: await OpenAICompatibleProvider.discoverModels() } }
   */
  static discoverModels(options: DiscoverModelsOptions = {}): Promise<string[]> {
    return discoverModels(options);
  }

  async *createAsyncGenerator(model: string, messages: readonly Message[], options: ProviderCallOptions): AsyncGenerator<ProviderChunk, void, undefined> {
    const stream = this.#settings.stream;
    const body = buildChatRequestBody({ model, messages, media: options.media, extra: options.extra, stream, source: `providerOptions.${this.id}` });
    const startedAt = performance.now();
    options.logger.debug({ model, stream, messages: messages.length, media: options.media.length }, 'chat completion request');
    const response = await this.#post(model, body, options, { accept: stream ? 'text/event-stream' : 'application/json' });
    const context: ResponseContext = { provider: this.id, model, url: response.url };
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('text/html')) {
      await response.body?.cancel().catch(() => {});
      throw new ResponseFormatError({ ...context, status: response.status, message: `Provider '${this.id}' (model '${model}') answered with an HTML page instead of a chat completion; check the base URL.` });
    }

    let usage: ChatChunk['usage'];
    let finishReason: ChatChunk['finishReason'];
    let parts = 0;
    // Servers that ignore `stream: true` answer with one JSON body; read it rather than fail.
    if (!stream || contentType.includes('application/json') || response.body === null) {
      const text = await this.#read(() => response.text(), options.signal, context);
      const chunk = parseChatChunk(text, { ...context, field: 'message' });
      if (chunk.text !== '') yield { type: 'text', text: chunk.text };
      ({ usage, finishReason } = chunk);
      parts = chunk.text === '' ? 0 : 1;
    } else {
      let done = false;
      const events = readServerSentEvents(response.body);
      try {
        for (;;) {
          const next = await this.#read(() => events.next(), options.signal, context);
          if (next.done) break;
          const event = next.value;
          if (event.event === 'error') throw upstreamErrorFrom(parseLoosely(event.data), event.data, context);
          if (event.data === '[DONE]') {
            done = true;
            break;
          }
          const chunk = parseChatChunk(event.data, { ...context, field: 'delta' });
          if (chunk.text !== '') {
            parts++;
            yield { type: 'text', text: chunk.text };
          }
          usage = chunk.usage ?? usage;
          finishReason = chunk.finishReason ?? finishReason;
        }
      } finally {
        // Cancels the body when we stop early (an error event, [DONE], the consumer leaving, an
        // abort): the socket is closed instead of being drained.
        await events.return();
      }
      if (!done && finishReason === undefined) {
        // A body that just stops is a cut connection or a crashed server, not a complete answer.
        throw new ResponseFormatError({
          ...context,
          status: response.status,
          message: `Provider '${this.id}' (model '${model}') ended its stream without a finish reason or [DONE]; the answer is likely cut off.`,
        });
      }
    }
    options.logger.debug({ model, parts, usage, finishReason, durationMs: Math.round(performance.now() - startedAt) }, 'chat completion done');
    if (usage) yield { type: 'usage', usage };
    if (finishReason) yield { type: 'finish', finishReason };
  }

  /**
   * Cheap probe: `GET {baseUrl}/models`, failing when a model is asked about and the server does
   * not list it. Deep probe: a one-token chat completion.
   */
  async healthCheck({ signal, deep, model }: HealthCheckOptions): Promise<HealthCheckResult> {
    if (!deep) {
      const listed = await fetchModelList(this.#http(), { provider: this.id, signal });
      if (model !== undefined && !listed.includes(model)) {
        return { ok: false, detail: `the server does not list model '${model}' (it lists ${listed.join(', ') || 'nothing'})` };
      }
      return { ok: true, detail: `lists ${listed.length} model${listed.length === 1 ? '' : 's'}` };
    }
    const target = model ?? this.defaultModel;
    const body = buildChatRequestBody({
      model: target,
      messages: [{ role: 'user', content: 'hi' }],
      media: [],
      extra: { max_tokens: 1 },
      stream: false,
      source: `providerOptions.${this.id}`,
    });
    const response = await this.#post(target, body, { signal, proxy: undefined }, { accept: 'application/json' });
    const context: ResponseContext = { provider: this.id, model: target, url: response.url };
    parseChatChunk(await this.#read(() => response.text(), signal, context), { ...context, field: 'message' });
    return { ok: true, detail: `answered a one-token request with model '${target}'` };
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }

  #http(): HttpClient {
    return (this.#client ??= createEndpointClient(this.#settings));
  }

  async #post(model: string, body: string, { signal, proxy }: Pick<ProviderCallOptions, 'signal' | 'proxy'>, headers: { accept: string }): Promise<HttpResponse> {
    try {
      return await this.#http().request({
        method: 'POST',
        path: '/chat/completions',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        model,
        signal,
        ...(proxy !== undefined ? { proxy } : {}),
      });
    } catch (error) {
      throw modelNotFoundFrom(error, { provider: this.id, model, models: this.models }) ?? error;
    }
  }

  /**
   * Reads from the response body. A body that fails mid-way is a `NetworkError` (retryable), unless
   * the caller aborted: then the abort reason, as for the request itself.
   */
  async #read<T>(read: () => Promise<T>, signal: AbortSignal, context: ResponseContext): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (ApiCallError.isInstance(error)) throw error;
      throw networkErrorFrom(error, { ...context, phase: 'body' });
    }
  }
}

/** An error event's data: JSON when it parses, else the text itself. */
function parseLoosely(data: string): unknown {
  try {
    const parsed = JSON.parse(data) as { error?: unknown };
    return parsed?.error ?? parsed;
  } catch {
    return data;
  }
}
