import {
  type ApiCallError,
  httpErrorFromResponse,
  InvalidArgumentError,
  looksLikeHtml,
  PROVIDER_SPECIFICATION_VERSION,
  ResponseFormatError,
  type CallSetting,
  type HealthCheckOptions,
  type HealthCheckResult,
  type HttpClient,
  type HttpResponse,
  type Logger,
  type Message,
  type ModelCapabilities,
  type Provider,
  type ProviderCallOptions,
  type ProviderChunk,
  type ResponseInfoStreamPart,
  type ServerSentEvent,
} from '@switchboard/core/provider';
import { buildRequest, type ChatRequest } from './build-request.js';
import { checkCallOptions } from './check-call-options.js';
import { createEndpointClient } from './create-endpoint-client.js';
import { createStreamEventReader } from './create-stream-event-reader.js';
import { createToolCallAssembler } from './create-tool-call-assembler.js';
import { fetchModelList } from './fetch-model-list.js';
import type { ResolvedOpenAICompatibleSettings } from './openai-compatible-settings.js';
import { parseResponse, type ChatChunk } from './parse-response.js';
import { modelCallSettings, resolveCallSettings, type ModelCallSettings } from './resolve-call-settings.js';
import { resolveCapabilities } from './resolve-capabilities.js';
import type { ResponseContext } from './response-context.js';
import { TextBatch } from './text-batch.js';
import { upstreamErrorFrom } from './upstream-error-from.js';

/**
 * A provider for any OpenAI-compatible chat endpoint: `POST {baseUrl}/chat/completions`, one JSON
 * answer for `generate()`, server-sent events for `stream()`; the standard call settings mapped to
 * OpenAI's fields, tools, tool choice and response formats passed through, tool calls read back.
 * Built by `createOpenAICompatible` (which importing the package registers: every registry created
 * afterwards builds one from its `providerOptions['openai-compatible']`; without models there it
 * is installed but not configured, `unconfigured` saying why and how to fix it).
 */
export class OpenAICompatibleProvider implements Provider {
  readonly specificationVersion = PROVIDER_SPECIFICATION_VERSION;
  readonly id: string;
  readonly label: string;
  readonly url: string;
  /** Optional metadata: the endpoint called. */
  readonly apiEndpoint: string;
  readonly working = true;
  readonly needsAuth: boolean;
  readonly supportsStream: boolean;
  readonly supportsSystemMessage = true;
  readonly supportsMessageHistory = true;
  readonly defaultModel: string;
  readonly defaultVisionModel: string | undefined;
  readonly visionModels: readonly string[];
  readonly models: readonly string[];
  readonly modelAliases: Readonly<Record<string, string>>;
  readonly maxMediaItems: number;
  /** Every model's, from `defaultCapabilities` and `capabilities` (all on unless turned off). */
  readonly capabilities: Readonly<Record<string, ModelCapabilities>>;
  /** The standard call settings each model honours: all of them, less what `defaultCallSettings`/`callSettings` mark unsupported. */
  readonly callSettings: Readonly<Record<string, readonly CallSetting[]>>;
  readonly unconfigured: { readonly reason: string; readonly fix: string } | undefined;

  readonly #settings: ResolvedOpenAICompatibleSettings;
  readonly #http: HttpClient;
  readonly #modelCallSettings: Readonly<Record<string, ModelCallSettings>>;

  /** Takes settings `createOpenAICompatible` checked; build one with `createOpenAICompatible`. */
  constructor(settings: ResolvedOpenAICompatibleSettings, logger?: Logger) {
    const { id, baseUrl, models } = settings;
    this.#settings = settings;
    this.id = id;
    this.label = settings.label;
    this.url = baseUrl;
    this.apiEndpoint = `${baseUrl}/chat/completions`;
    this.needsAuth = settings.apiKey !== undefined;
    this.supportsStream = settings.stream;
    this.models = models;
    this.defaultModel = settings.defaultModel;
    this.visionModels = settings.visionModels;
    this.defaultVisionModel = settings.visionModels[0];
    this.modelAliases = settings.modelAliases;
    this.maxMediaItems = settings.visionModels.length > 0 ? Infinity : 0;
    this.capabilities = resolveCapabilities(settings);
    this.#modelCallSettings = resolveCallSettings(settings);
    this.callSettings = Object.fromEntries(Object.entries(this.#modelCallSettings).map(([model, { honoured }]) => [model, honoured]));
    // Installed but not told what the server serves: not an error, the registry lists it as such.
    this.unconfigured =
      models.length === 0
        ? {
            reason: 'no models configured',
            fix: `list the models the server at ${baseUrl} serves in providerOptions['${id}'].models (e.g. ['llama-3.1-8b']), or read them first: models: await discoverModels({ baseUrl: '${baseUrl}' })`,
          }
        : undefined;
    this.#http = createEndpointClient(settings);
    logger?.debug({ provider: id, baseUrl, models: models.length, auth: this.needsAuth }, 'provider ready');
  }

  /** The registry calls this with a call's `providerOptions['openai-compatible']` before any request. */
  checkCallOptions(options: Readonly<Record<string, unknown>>, argument: string): void {
    checkCallOptions(options, argument);
  }

  async *createAsyncGenerator(model: string, messages: readonly Message[], options: ProviderCallOptions): AsyncGenerator<ProviderChunk, void, undefined> {
    if (this.unconfigured) {
      throw new InvalidArgumentError({ argument: `providerOptions.${this.id}.models`, reason: `${this.unconfigured.reason}; ${this.unconfigured.fix}.` });
    }
    // Ask for what the caller wants: some servers cannot stream at all (the Portkey gateway on
    // Node 20 answers every streaming request with a 500), and generate() should still work there.
    const stream = this.#settings.stream && options.mode === 'stream';
    // The request's two debug lines are built only when someone reads them (this runs per call).
    const debug = options.logger.isLevelEnabled?.('debug') !== false;
    const startedAt = debug ? performance.now() : 0;
    if (debug) {
      options.logger.debug(
        { model, stream, messages: messages.length, media: options.media.length, tools: options.tools?.length ?? 0 },
        'chat completion request',
      );
    }
    const { tools, toolChoice, parallelToolCalls, responseFormat, settings } = options;
    const { maxTokensField } = this.#modelCallSettings[model] ?? modelCallSettings(this.#settings, model);
    const request = buildRequest({
      model,
      messages,
      media: options.media,
      settings,
      maxTokensField,
      extra: options.extra,
      stream,
      tools,
      toolChoice,
      parallelToolCalls,
      responseFormat,
    });
    const response = await this.#post(model, request, options);
    const context: ResponseContext = { provider: this.id, model, url: response.url };
    const contentType = response.header('content-type') ?? '';
    // A 2xx HTML page is the hosting platform or a bot check answering, not the server: core words it.
    if (contentType.includes('text/html')) throw this.#htmlPage(response, model, await response.text());

    let usage: ChatChunk['usage'];
    let finishReason: ChatChunk['finishReason'];
    let parts = 0;
    const toolCalls = createToolCallAssembler();
    // Servers that ignore `stream: true` answer with one JSON body; read it rather than fail. (The
    // statuses without a body are told by their number: asking for `response.body` would build a
    // WHATWG stream around the body just to see that it is there.)
    if (!stream || contentType.includes('application/json') || response.status === 204 || response.status === 205) {
      const text = await response.text();
      if (looksLikeHtml(text, contentType)) throw this.#htmlPage(response, model, text);
      const chunk = parseResponse(text, { ...context, field: 'message' });
      if (chunk.id !== undefined || chunk.model !== undefined) yield responseInfo(chunk);
      if (chunk.text !== '') yield { type: 'text', text: chunk.text };
      // The calls are whole already: no deltas for them, only the calls below.
      toolCalls.add(chunk.toolCalls);
      ({ usage, finishReason } = chunk);
      parts = chunk.text === '' ? 0 : 1;
    } else {
      let done = false;
      let reported = false;
      // Reading the events, core types a cut connection (NetworkError), an abort and an oversized event.
      const events = response.events({ maxEventLength: this.#settings.maxEventBytes, limitSetting: 'maxEventBytes' });
      const readEvent = createStreamEventReader(context);
      // Asked for (`textParts: 'per-read'`, the gateway does): the events of one read of the body
      // arrived together, so their text goes out as one part that keeps its pieces (a hop less per
      // event through the registry and the consumer, no later for anyone), and anything else in
      // its place among them: text before a tool call, an error or a malformed event still comes
      // first. Otherwise each event's text is a part of its own, as callers of `model.stream()`
      // count on by default.
      const perRead = options.textParts === 'per-read';
      try {
        const text = new TextBatch();
        while (!done) {
          const next = await events.next();
          if (next.done) break;
          try {
            for (let event: ServerSentEvent | undefined = next.value; event !== undefined; event = perRead ? events.takeParsed() : undefined) {
              if (event.event === 'error') throw upstreamErrorFrom(parseLoosely(event.data), event.data, context);
              if (event.data === '[DONE]') {
                done = true;
                break;
              }
              const chunk = readEvent(event.data);
              // Once: every event repeats the completion's id and model.
              if (!reported && (chunk.id !== undefined || chunk.model !== undefined)) {
                reported = true;
                const before = text.take();
                if (before) {
                  parts++;
                  yield before;
                }
                yield responseInfo(chunk);
              }
              text.add(chunk.text);
              if (chunk.toolCalls.length > 0) {
                const before = text.take();
                if (before) {
                  parts++;
                  yield before;
                }
                for (const delta of toolCalls.add(chunk.toolCalls)) {
                  parts++;
                  yield delta;
                }
              }
              usage = chunk.usage ?? usage;
              finishReason = chunk.finishReason ?? finishReason;
            }
          } catch (error) {
            // What arrived before the failure is still handed over first, as it would have been alone.
            const before = text.take();
            if (before) {
              parts++;
              yield before;
            }
            throw error;
          }
          const read = text.take();
          if (read) {
            parts++;
            yield read;
          }
        }
      } finally {
        // Cancels the body when we stop early (an error event, [DONE], the consumer leaving, an
        // abort): the socket is closed instead of being drained.
        await events.return?.();
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
    const calls = toolCalls.finish();
    if (calls.some((call) => call.toolName === '')) {
      throw new ResponseFormatError({
        ...context,
        status: response.status,
        message: `Provider '${this.id}' (model '${model}') sent a tool call without a function name.`,
      });
    }
    yield* calls;
    // Some servers finish a tool-calling answer with 'stop'; the caller must still answer the calls.
    if (calls.length > 0 && finishReason === 'stop') finishReason = 'tool-calls';
    if (debug) {
      options.logger.debug(
        { model, parts, toolCalls: calls.length, usage, finishReason, durationMs: Math.round(performance.now() - startedAt) },
        'chat completion done',
      );
    }
    if (usage) yield { type: 'usage', usage };
    if (finishReason) yield { type: 'finish', finishReason };
  }

  /**
   * Cheap probe: `GET {baseUrl}/models`, failing when a model is asked about and the server does
   * not list it. Deep probe: a one-token chat completion.
   */
  async healthCheck({ signal, deep, model }: HealthCheckOptions): Promise<HealthCheckResult> {
    if (!deep) {
      const listed = await fetchModelList(this.#http, { provider: this.id, signal });
      if (model !== undefined && !listed.includes(model)) {
        return { ok: false, detail: `the server does not list model '${model}' (it lists ${listed.join(', ') || 'nothing'})` };
      }
      return { ok: true, detail: `lists ${listed.length} model${listed.length === 1 ? '' : 's'}` };
    }
    const target = model ?? this.defaultModel;
    const { maxTokensField } = this.#modelCallSettings[target] ?? modelCallSettings(this.#settings, target);
    const request = buildRequest({
      model: target,
      messages: [{ role: 'user', content: 'hi' }],
      media: [],
      settings: { maxOutputTokens: 1 },
      maxTokensField,
      extra: {},
      stream: false,
    });
    const response = await this.#post(target, request, { signal, proxy: undefined });
    parseResponse(await response.text(), { provider: this.id, model: target, url: response.url, field: 'message' });
    return { ok: true, detail: `answered a one-token request with model '${target}'` };
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #post(model: string, { body, headers }: ChatRequest, options: Pick<ProviderCallOptions, 'signal' | 'cancellation' | 'proxy'>): Promise<HttpResponse> {
    const { cancellation, proxy } = options;
    // The registry's cancellation, when it gives one, spares the attempt an AbortSignal: the
    // signal is built when first read, so it is read only without one (a health check's).
    const cancel = cancellation ? { cancellation } : { signal: options.signal };
    return this.#http.request({ path: '/chat/completions', headers, body, model, ...cancel, ...(proxy !== undefined ? { proxy } : {}) });
  }

  #htmlPage(response: HttpResponse, model: string, body: string): ApiCallError {
    return httpErrorFromResponse({ provider: this.id, model, url: response.url, status: response.status, headers: response.headers, body });
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

/** What the server said of its completion (its id, the model that wrote it), for the registry's traces. */
function responseInfo({ id, model }: Pick<ChatChunk, 'id' | 'model'>): ResponseInfoStreamPart {
  return { type: 'response-info', ...(id === undefined ? {} : { id }), ...(model === undefined ? {} : { model }) };
}
