import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { Agent, Dispatcher, ProxyAgent } from 'undici';
import { ApiCallError } from '../errors/api-call-error.js';
import { ResponseFormatError } from '../errors/response-format-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import type { SwitchboardError } from '../errors/switchboard-error.js';
import { parseHttpUrl } from '../validation/parse-http-url.js';
import { type Arrival, decoded, NULL_BODY_STATUSES, type RawHeaders, type ReadLimit, toHeaders } from './arrival.js';
import { type FailedResponse, httpErrorFromResponse } from './http-error-from-response.js';
import type { Cancellation } from '../provider/cancellation.js';
import { withTraceContext } from '../telemetry/trace-context.js';
import { networkErrorFrom } from './network-error-from.js';
import { readChunks } from './read-chunks.js';
import { requestSecrets, withoutSecrets } from './request-secrets.js';
import { readEvents, type ServerSentEventIterator } from './read-events.js';
import { UndiciAbortSignal } from './undici-abort-signal.js';

/** A request about to leave, as {@link HttpClientOptions.onRequest} sees (and may change) it. */
export interface OutgoingRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** Lower-case names; set or replace entries to sign the request or add a fresh token. */
  headers: Record<string, string>;
}

/** Settings of a provider's long-lived HTTP client. */
export interface HttpClientOptions {
  /** Provider id, for errors and logs. */
  provider: string;
  /** Absolute http(s) base URL; request paths are appended to it. @example 'https://dynaspark.onrender.com' */
  baseUrl: string;
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>>;
  /**
   * Most sockets kept open to the origin. Keep-alive sockets are reused across requests, so this
   * bounds concurrency per provider, not throughput. @default 128
   */
  connections?: number;
  /** How long an idle keep-alive socket is kept. @default 30_000 */
  keepAliveTimeoutMs?: number;
  /**
   * Safety net for a silent server (no headers, or a body that stalls). The orchestration layer has
   * its own, tighter timeouts; this only guarantees no socket waits forever. @default 300_000
   */
  socketTimeoutMs?: number;
  /**
   * Largest answer `text()` reads, in bytes after decompression. A longer body is cut off there, its
   * connection closed, and `text()` rejects with a `ResponseTooLargeError`: a runaway or hostile
   * upstream costs at most this much memory per request. Error bodies (non-2xx) are read up to
   * 64 KiB and the rest dropped. Streamed bodies (`body`) are bounded by the reader (the
   * OpenAI-compatible plugin caps each event).
   * @default 16 MiB
   */
  maxResponseBytes?: number;
  /**
   * Runs before every request, on both paths: sign it, or put a fresh token in its headers. A token
   * is refreshed with `client.controlRequest()`, off the hot path.
   * @example onRequest: async (request) => { request.headers.authorization = `Bearer ${await tokens.current()}`; }
   */
  onRequest?: (request: OutgoingRequest) => void | Promise<void>;
  /**
   * The provider's own reading of a failed answer, before core's: return an error for an answer
   * only the provider understands (an OpenAI-style 404 `model_not_found` is a `ModelNotFoundError`,
   * so the registry falls back instead of failing the call), or undefined to let core type it by
   * its status. Runs where every answer becomes an error, so plugins never catch and re-wrap.
   */
  errorFromResponse?: (response: FailedResponse) => SwitchboardError | undefined;
}

/** One request through an {@link HttpClient}. */
export interface HttpRequest {
  /** @default 'POST' */
  method?: 'GET' | 'POST';
  /** Path appended to the base URL, starting with `/`. */
  path: string;
  /** Query parameters; undefined values are left out. */
  query?: Readonly<Record<string, string | undefined>>;
  headers?: Readonly<Record<string, string>>;
  /** The request body, sent as is: no copy, no re-encoding. */
  body?: string | Uint8Array;
  /** Provider-side model the request is for (errors carry it); `''` for a request about no model (a model list, a status page), which errors name by its URL. */
  model: string;
  signal?: AbortSignal;
  /**
   * The attempt's cancellation (`ProviderCallOptions.cancellation`), in place of `signal`: the
   * request is cancelled the same way, and no `AbortSignal` is built for it. With both, `signal` counts.
   */
  cancellation?: Cancellation;
  /** `http(s)://[user:pass@]host:port` proxy for this request. */
  proxy?: string;
  /**
   * `controlRequest` only: further tries of a GET after a network failure or a 408, 429 or 5xx
   * answer, with back-off and the server's `Retry-After` (a local server still loading its model
   * answers 503 for a while). Never on the hot path: the registry owns retries of chat requests.
   * @default 0
   */
  retry?: number;
}

/** Options of {@link HttpResponse.events}. */
export interface EventsOptions {
  /** Longest line or event the server may send; past it, a `ResponseFormatError`. @default 16 MiB of text */
  maxEventLength?: number;
  /** The provider's setting that raises `maxEventLength`, named in that error. @example 'maxEventBytes' */
  limitSetting?: string;
}

/** A successful (2xx) response. Non-2xx responses are thrown as typed errors instead. */
export interface HttpResponse {
  status: number;
  /** All response headers (built on first read). */
  headers: Headers;
  /** One response header, lower-case name; cheaper than `headers` when one is all you need. */
  header(name: string): string | undefined;
  url: string;
  /**
   * The whole body as text, up to `maxResponseBytes` (past it a `ResponseTooLargeError`). A body
   * cut off mid-way rejects with a `NetworkError` (retryable), or with the signal's reason when the
   * caller aborted: decided here, so providers never re-wrap.
   */
  text(): Promise<string>;
  /**
   * The body as server-sent events, as they arrive (`eventsource-parser`: any line ending, split
   * anywhere, comments skipped, multi-line data joined; a last event without its blank line still
   * delivered). Failures are typed like `text()`'s, and an event longer than `maxEventLength` is a
   * `ResponseFormatError`. Leaving the loop early cancels the body, closing the connection.
   * An iterator that is its own iterable; `takeParsed()` hands over the events of a read already
   * parsed, without a promise each.
   */
  events(options?: EventsOptions): ServerSentEventIterator;
  /** The raw body, for what neither `text()` nor `events()` reads (its failures are not typed). */
  body: ReadableStream<Uint8Array> | null;
}

/** The HTTP port providers talk to; the only place that knows about undici and ky. */
export interface HttpClient {
  readonly baseUrl: string;
  /**
   * The hot path, for chat requests: straight to undici's keep-alive pool. Resolves with 2xx
   * responses; rejects with `ApiCallError` (and subclasses: `RateLimitError`, `HtmlResponseError`)
   * for other statuses, `NetworkError` when no response came, and the signal's reason when the
   * caller aborted.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Off the hot path, for everything that is not a chat request (model lists, health probes, token
   * endpoints): through ky over the same keep-alive pool, with the same typed errors. Costlier per
   * request than `request`, which only matters on the hot path.
   */
  controlRequest(request: HttpRequest): Promise<HttpResponse>;
  /** Closes every pooled socket. Idempotent; a request after it opens a new pool. */
  close(): Promise<void>;
}

/** Default of {@link HttpClientOptions.maxResponseBytes}. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** How much of an error body is read: enough for any upstream's message. */
const ERROR_BODY_BYTES = 64 * 1024;

// undici is a third of core's import time: load it with the first request, not with core. Required
// rather than imported: it is CommonJS, and Node 20 lexes every file of a CommonJS package reached
// through `import` for its exports (see ../di/tsyringe.ts), which costs undici's first request 30 ms.
let undici: typeof import('undici') | undefined;
const loadUndici = () => (undici ??= createRequire(import.meta.url)('undici') as typeof import('undici'));
// ky (off the hot path) loads with the first control request.
let loadingControl: Promise<typeof import('./control-request.js')> | undefined;
const loadControl = () => (loadingControl ??= import('./control-request.js'));

/**
 * Creates a provider's long-lived HTTP client: one keep-alive connection pool (an undici `Agent`)
 * per client, one `ProxyAgent` per proxy URL, reused by every request on both paths.
 *
 * Chat requests go straight to undici's `dispatcher.request`, with the caller's body bytes as they
 * are: a WHATWG `Request`/`Response` round trip (what ky or fetch build per call) costs several
 * times the request itself on loopback (see BENCHMARKS.md). Everything else goes through ky.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const provider = options.provider;
  const baseUrl = parseHttpUrl(options.baseUrl, { argument: `providerOptions.${provider}.baseUrl` });
  const socketTimeout = options.socketTimeoutMs ?? 300_000;
  const poolOptions = {
    connections: options.connections ?? 128,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    headersTimeout: socketTimeout,
    bodyTimeout: socketTimeout,
  };
  let agent: Agent | undefined;
  const proxies = new Map<string, ProxyAgent>();
  // parseHttpUrl returns origin + base path (no credentials, query or slash at the end).
  const { origin } = new URL(baseUrl);
  const defaultHeaders = lowerCaseKeys(options.headers ?? {});
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const dispatcherFor = (proxy: string | undefined): Dispatcher => {
    const { Agent, ProxyAgent } = loadUndici();
    if (proxy === undefined) return (agent ??= new Agent(poolOptions));
    let proxyAgent = proxies.get(proxy);
    if (!proxyAgent) {
      proxyAgent = new ProxyAgent({ uri: parseHttpUrl(proxy, { argument: 'options.proxy', allowCredentials: true }), ...poolOptions });
      proxies.set(proxy, proxyAgent);
    }
    return proxyAgent;
  };

  const urlOf = (request: HttpRequest) => {
    let url = baseUrl + request.path;
    if (request.query) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(request.query)) if (value !== undefined) search.append(key, value);
      const query = search.toString();
      if (query) url += `?${query}`;
    }
    return url;
  };

  // The merged headers of each headers object a provider sends with its requests: a provider that
  // keeps one per kind of request (JSON, stream) gets them merged and lower-cased once.
  const mergedHeaders = new WeakMap<Readonly<Record<string, string>>, Record<string, string>>();
  const headersFor = (request: HttpRequest): Record<string, string> => {
    if (!request.headers) return defaultHeaders;
    let headers = mergedHeaders.get(request.headers);
    if (!headers) {
      headers = { ...defaultHeaders, ...lowerCaseKeys(request.headers) };
      mergedHeaders.set(request.headers, headers);
    }
    return headers;
  };
  // An attempt's request carries its trace context (`traceparent`), so the upstream's spans join
  // the caller's trace; the shared merged headers are copied first (withTraceContext does).
  const tracedHeadersFor = (request: HttpRequest): Record<string, string> => withTraceContext(headersFor(request), origin);
  const headersOf = async (request: HttpRequest, url: string): Promise<Record<string, string>> => {
    const headers = tracedHeadersFor(request);
    if (!options.onRequest) return headers;
    const outgoing: OutgoingRequest = { method: request.method ?? 'POST', url, headers: { ...headers } };
    await options.onRequest(outgoing);
    return lowerCaseKeys(outgoing.headers);
  };

  /**
   * The one place where what happened on the wire becomes a response or a typed error, and where
   * "the caller aborted" is told from "the network failed": the signal's reason in the first case,
   * a retryable `NetworkError` in the second, whether the request was leaving or its body arriving
   * (a typed error raised while reading, such as `ResponseTooLargeError`, stays what it is).
   */
  const settle = async (request: HttpRequest, url: string, sent: Promise<Arrival>): Promise<HttpResponse> => {
    let arrival: Arrival;
    try {
      arrival = await sent;
    } catch (error) {
      throw failureOf(request, url, error, 'connect');
    }
    if (arrival.status >= 200 && arrival.status < 300) return new SuccessfulResponse(arrival, request, url, maxResponseBytes);
    const answered = await arrival.text({ maxBytes: ERROR_BODY_BYTES, over: () => {} }).catch((error: unknown) => {
      throw failureOf(request, url, error, 'body');
    });
    // What the upstream echoes of the request's own credentials never reaches an error, its logs or a client.
    const text = withoutSecrets(answered, requestSecrets(request.headers ? { ...defaultHeaders, ...request.headers } : defaultHeaders, request.query));
    const failed: FailedResponse = { provider, model: request.model, url: withoutQuery(url), status: arrival.status, headers: arrival.headers(), body: text };
    throw options.errorFromResponse?.(failed) ?? httpErrorFromResponse(failed);
  };

  /** What a failure on the wire becomes: the caller's abort reason, a typed error as it is, else a `NetworkError`. */
  const failureOf = (request: HttpRequest, url: string, error: unknown, phase: 'connect' | 'body'): unknown => {
    const abort = request.signal ?? request.cancellation;
    return abort?.aborted ? abort.reason : ApiCallError.isInstance(error) ? error : networkErrorFrom(error, { ...whereOf(provider, request, url), phase });
  };

  /** A 2xx answer: its body read as text or events, its failures typed where they happen. */
  class SuccessfulResponse implements HttpResponse {
    readonly status: number;
    readonly url: string;
    readonly #arrival: Arrival;
    readonly #request: HttpRequest;
    readonly #maxBytes: number;

    constructor(arrival: Arrival, request: HttpRequest, url: string, maxBytes: number) {
      this.status = arrival.status;
      this.url = url;
      this.#arrival = arrival;
      this.#request = request;
      this.#maxBytes = maxBytes;
    }

    // Built on first read: most callers never look at the headers or the stream.
    get headers(): Headers {
      return this.#arrival.headers();
    }

    get body(): ReadableStream<Uint8Array> | null {
      return this.#arrival.stream();
    }

    header(name: string): string | undefined {
      return this.#arrival.header(name);
    }

    text(): Promise<string> {
      const limit: ReadLimit = {
        maxBytes: this.#maxBytes,
        over: () => {
          throw new ResponseTooLargeError({
            ...whereOf(provider, this.#request, this.url),
            status: this.status,
            maxBytes: this.#maxBytes,
            setting: `providerOptions.${provider}.maxResponseBytes`,
          });
        },
      };
      return this.#arrival.text(limit).catch((error: unknown) => {
        throw failureOf(this.#request, this.url, error, 'body');
      });
    }

    events(options?: EventsOptions): ServerSentEventIterator {
      const request = this.#request;
      const url = this.url;
      return eventsOf(this.#arrival, { ...whereOf(provider, request, url), status: this.status }, (error) => failureOf(request, url, error, 'body'), options);
    }
  }

  return {
    baseUrl,
    async request(request) {
      const dispatcher = dispatcherFor(request.proxy);
      const url = urlOf(request);
      const headers = options.onRequest ? await headersOf(request, url) : tracedHeadersFor(request);
      const sent = dispatcher.request({
        origin,
        path: url.slice(origin.length),
        method: request.method ?? 'POST',
        headers,
        body: request.body ?? null,
        // undici takes an emitter of `abort` as well as an AbortSignal: the cancellation in that shape.
        signal: request.signal ?? (request.cancellation ? (new UndiciAbortSignal(request.cancellation) as unknown as EventEmitter) : null),
      });
      return settle(
        request,
        url,
        sent.then((response) => fromUndici(response, url)),
      );
    },
    async controlRequest(request) {
      const dispatcher = dispatcherFor(request.proxy);
      const url = urlOf(request);
      const headers = await headersOf(request, url);
      const { sendControlRequest } = await loadControl();
      return settle(
        request,
        url,
        sendControlRequest({
          url,
          method: request.method ?? 'POST',
          headers,
          body: request.body,
          signal: request.signal ?? request.cancellation?.signal,
          dispatcher,
          retry: request.retry ?? 0,
        }),
      );
    },
    async close() {
      // Idempotent: a host may close a registry twice (shutdown hooks), which must not throw. The
      // pools are forgotten, so a provider used again after closing gets fresh ones.
      const closing = [agent, ...proxies.values()];
      agent = undefined;
      proxies.clear();
      await Promise.all(closing.map((dispatcher) => dispatcher?.close()));
    },
  };
}

function fromUndici({ statusCode, headers: raw, body: wire }: Dispatcher.ResponseData, url: string): Arrival {
  const nullBody = NULL_BODY_STATUSES.has(statusCode);
  if (nullBody) wire.dump().catch(() => {});
  const body = decoded(wire, (raw as RawHeaders)['content-encoding']);
  let headers: Headers | undefined;
  let stream: ReadableStream<Uint8Array> | undefined;
  return {
    status: statusCode,
    url,
    header: (name) => {
      const value = (raw as RawHeaders)[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    headers: () => (headers ??= toHeaders(raw as RawHeaders)),
    text: async (limit) => {
      if (nullBody) return '';
      // A declared length past the limit fails before a byte is read (only for unencoded bodies:
      // the limit counts decompressed bytes).
      const declared = Number((raw as RawHeaders)['content-length']);
      if (body === wire && declared > limit.maxBytes) {
        wire.destroy();
        limit.over();
      }
      return readText(body, limit);
    },
    stream: () => (nullBody ? null : (stream ??= process.getBuiltinModule('node:stream').Readable.toWeb(body) as ReadableStream<Uint8Array>)),
    // Read as it is: a WHATWG adapter around it costs more per request than the parsing of its events.
    chunks: () => (nullBody ? null : readChunks(body)),
  };
}

/**
 * The body as UTF-8 text, up to `limit.maxBytes`: past it the body is destroyed (its socket closed,
 * nothing more buffered). Read through its events rather than an async iterator, which costs a
 * promise and a generator step per chunk.
 */
function readText(body: Readable, limit: ReadLimit): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const text = () => (chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, length).toString('utf8'));
    const stop = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      if (length + chunk.length <= limit.maxBytes) {
        chunks.push(chunk);
        length += chunk.length;
        return;
      }
      chunks.push(chunk.subarray(0, limit.maxBytes - length));
      length = limit.maxBytes;
      stop();
      // Destroying it without a reason makes undici emit one (aborted), which nobody needs to hear.
      body.on('error', ignore);
      body.destroy();
      try {
        limit.over();
        resolve(text());
      } catch (error) {
        reject(error);
      }
    };
    const onEnd = () => {
      stop();
      resolve(text());
    };
    const onError = (error: unknown) => {
      stop();
      reject(error);
    };
    // Closed without its end and without an error: cut off all the same.
    const onClose = () => onError(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

const ignore = () => {};

/** Where a request went, as errors about it say. Errors travel to logs and users: a query may carry a key (Dynaspark's API mode), so it stays out. */
function whereOf(provider: string, request: HttpRequest, url: string): { provider: string; model: string; url: string; proxy?: string } {
  return { provider, model: request.model, url: withoutQuery(url), ...(request.proxy ? { proxy: request.proxy } : {}) };
}

/** The URL with its query replaced by `?…`: the query may hold a key. */
function withoutQuery(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : `${url.slice(0, mark)}?…`;
}

/** Header names are case-insensitive; undici sends a plain object as is, so one spelling each. */
function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key in headers) result[key.toLowerCase()] = headers[key]!;
  return result;
}

/**
 * The body's server-sent events, its failures typed like `text()`'s: a cut connection or the
 * caller's abort as decided by `failure`, an event past the limit as a `ResponseFormatError`.
 */
function eventsOf(
  arrival: Arrival,
  where: { provider: string; model: string; url: string; status: number },
  failure: (error: unknown, phase: 'body') => unknown,
  { maxEventLength, limitSetting }: EventsOptions = {},
): ServerSentEventIterator {
  const body = arrival.chunks();
  if (body === null) return NO_EVENTS;
  const oversize = (limit: number): never => {
    throw new ResponseFormatError({
      ...where,
      message: `Provider '${where.provider}' (model '${where.model}') sent a stream event longer than ${limit} characters${limitSetting ? ` (${limitSetting})` : ''}; the server is misbehaving.`,
    });
  };
  return readEvents(body, {
    onOversize: oversize,
    readFailure: (error) => failure(error, 'body'),
    ...(maxEventLength !== undefined ? { maxBufferSize: maxEventLength } : {}),
  });
}

/** The events of a body that has none. */
const NO_EVENTS: ServerSentEventIterator = {
  next: async () => ({ done: true, value: undefined }),
  return: async () => ({ done: true, value: undefined }),
  takeParsed: () => undefined,
  [Symbol.asyncIterator]() {
    return this;
  },
};
