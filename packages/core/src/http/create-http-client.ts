import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { KyInstance } from 'ky';
import type { Agent, Dispatcher, ProxyAgent } from 'undici';
import { ApiCallError } from '../errors/api-call-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { httpErrorFromResponse } from './http-error-from-response.js';
import { networkErrorFrom } from './network-error-from.js';
import { parseHttpUrl } from '../validation/parse-http-url.js';

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
  /** `http(s)://[user:pass@]host:port` proxy for this request. */
  proxy?: string;
}

/** A successful (2xx) response. Non-2xx responses are thrown as typed errors instead. */
export interface HttpResponse {
  status: number;
  /** All response headers (built on first read). */
  headers: Headers;
  /** One response header, lower-case name; cheaper than `headers` when one is all you need. */
  header(name: string): string | undefined;
  url: string;
  text(): Promise<string>;
  /** The body as a stream, for server-sent events. */
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

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Default of {@link HttpClientOptions.maxResponseBytes}. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** How much of an error body is read: enough for any upstream's message. */
const ERROR_BODY_BYTES = 64 * 1024;

/** What reading a body stops at: `reject` past `maxBytes` (an answer), or keep what came (an error body). */
interface ReadLimit {
  maxBytes: number;
  /** Called with the bytes read so far when the limit is passed; throws to reject, or returns to keep them. */
  over: () => void;
}

// undici is a third of core's import time: load it with the first request, not with core.
let undici: typeof import('undici') | undefined;
let loadingUndici: Promise<typeof import('undici')> | undefined;
const loadUndici = () => (loadingUndici ??= import('undici').then((module) => (undici = module)));
let loadingKy: Promise<typeof import('ky')> | undefined;
const loadKy = () => (loadingKy ??= import('ky'));

type RawHeaders = Record<string, string | string[] | undefined>;

/** What arrived, whichever path it took. */
interface Arrival {
  status: number;
  url: string;
  header(name: string): string | undefined;
  headers(): Headers;
  text(limit: ReadLimit): Promise<string>;
  stream(): ReadableStream<Uint8Array> | null;
}

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

  const dispatcherFor = async (proxy: string | undefined): Promise<Dispatcher> => {
    const { Agent, ProxyAgent } = undici ?? (await loadUndici());
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

  const headersOf = async (request: HttpRequest, url: string): Promise<Record<string, string>> => {
    const headers = request.headers ? { ...defaultHeaders, ...lowerCaseKeys(request.headers) } : defaultHeaders;
    if (!options.onRequest) return headers;
    const outgoing: OutgoingRequest = { method: request.method ?? 'POST', url, headers: { ...headers } };
    await options.onRequest(outgoing);
    return lowerCaseKeys(outgoing.headers);
  };

  /** The one place where what happened on the wire becomes a response or a typed error. */
  const settle = async (request: HttpRequest, url: string, send: () => Promise<Arrival>): Promise<HttpResponse> => {
    // Errors travel to logs and users: a query may carry a key (Dynaspark's API mode), so it stays out.
    const shown = withoutQuery(url);
    const where = { provider, model: request.model, url: shown, ...(request.proxy ? { proxy: request.proxy } : {}) };
    const readFailed = (error: unknown): never => {
      if (request.signal?.aborted) throw request.signal.reason;
      if (ApiCallError.isInstance(error)) throw error;
      throw networkErrorFrom(error, { ...where, phase: 'body' });
    };
    let arrival: Arrival;
    try {
      arrival = await send();
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw networkErrorFrom(error, where);
    }
    if (arrival.status >= 200 && arrival.status < 300) {
      const answerLimit: ReadLimit = {
        maxBytes: maxResponseBytes,
        over: () => {
          throw new ResponseTooLargeError({
            ...where,
            status: arrival.status,
            maxBytes: maxResponseBytes,
            setting: `providerOptions.${provider}.maxResponseBytes`,
          });
        },
      };
      return {
        status: arrival.status,
        url,
        // Built on first read: most callers never look at the headers or the stream.
        get headers() {
          return arrival.headers();
        },
        header: arrival.header,
        // A body cut mid-way is a network failure (retryable), not a bare undici error.
        text: () => arrival.text(answerLimit).catch(readFailed),
        get body() {
          return arrival.stream();
        },
      };
    }
    const text = await arrival.text({ maxBytes: ERROR_BODY_BYTES, over: () => {} }).catch(readFailed);
    throw httpErrorFromResponse({ provider, model: request.model, url: shown, status: arrival.status, headers: arrival.headers(), body: text });
  };

  let kyClient: KyInstance | undefined;

  return {
    baseUrl,
    async request(request) {
      const dispatcher = await dispatcherFor(request.proxy);
      const url = urlOf(request);
      const headers = await headersOf(request, url);
      return settle(request, url, async () => {
        const response = await dispatcher.request({
          origin,
          path: url.slice(origin.length),
          method: request.method ?? 'POST',
          headers,
          body: request.body ?? null,
          signal: request.signal ?? null,
        });
        return fromUndici(response, url);
      });
    },
    async controlRequest(request) {
      const dispatcher = await dispatcherFor(request.proxy);
      const url = urlOf(request);
      const headers = await headersOf(request, url);
      kyClient ??= (await loadKy()).default.create({ retry: 0, timeout: false, throwHttpErrors: false, fetch: dispatchFetch as unknown as typeof fetch });
      return settle(request, url, async () => {
        const response = await kyClient!(url, {
          method: request.method ?? 'POST',
          headers,
          ...(request.signal ? { signal: request.signal } : {}),
          dispatcher,
          rawBody: request.body,
        } as unknown as Parameters<KyInstance>[1]);
        return fromFetch(response, url);
      });
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
    stream: () => (nullBody ? null : (stream ??= Readable.toWeb(body) as ReadableStream<Uint8Array>)),
  };
}

function fromFetch(response: Response, url: string): Arrival {
  return {
    status: response.status,
    url,
    header: (name) => response.headers.get(name) ?? undefined,
    headers: () => response.headers,
    text: (limit) => (response.body ? readWebText(response.body, limit) : Promise.resolve('')),
    stream: () => response.body,
  };
}

/**
 * The body as the server meant it: undici's dispatcher hands over the bytes as they came, so a
 * compressed answer (providers that send browser-like `accept-encoding`) is decompressed here.
 */
function decoded(body: Dispatcher.ResponseData['body'], encoding: string | string[] | undefined): Readable {
  const name = (Array.isArray(encoding) ? encoding.at(-1) : encoding)?.trim().toLowerCase();
  const decompressor =
    name === 'gzip' || name === 'x-gzip' ? createGunzip() : name === 'deflate' ? createInflate() : name === 'br' ? createBrotliDecompress() : undefined;
  if (!decompressor) return body;
  body.on('error', (error) => decompressor.destroy(error));
  // A reader that stops early (an answer past its limit) destroys the decompressor: the wire goes
  // too, or its socket would stay busy with a body nobody reads.
  decompressor.on('close', () => {
    if (!body.readableEnded) body.destroy();
  });
  return body.pipe(decompressor);
}

/** The body as UTF-8 text, up to `limit.maxBytes`: past it the body is destroyed (its socket closed, nothing more buffered). */
async function readText(body: Readable, limit: ReadLimit): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    if (length + bytes.length > limit.maxBytes) {
      chunks.push(bytes.subarray(0, limit.maxBytes - length));
      body.destroy();
      limit.over();
      break;
    }
    chunks.push(bytes);
    length += bytes.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** {@link readText} for a WHATWG stream (ky's path). */
async function readWebText(body: ReadableStream<Uint8Array>, limit: ReadLimit): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > limit.maxBytes) {
        chunks.push(value.subarray(0, limit.maxBytes - length));
        await reader.cancel().catch(() => {});
        limit.over();
        break;
      }
      chunks.push(value);
      length += value.length;
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What our `fetch` for ky reads besides the `Request` (ky hands unknown options to `fetch`). */
interface KyTransportInit {
  dispatcher: Dispatcher;
  rawBody: string | Uint8Array | undefined;
}

/** ky's `fetch`, over the same undici dispatcher: the caller's body bytes go out as they are. */
async function dispatchFetch(request: Request, init: KyTransportInit): Promise<Response> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const {
    statusCode,
    headers: rawHeaders,
    body: wire,
  } = await init.dispatcher.request({
    origin: url.origin,
    path: url.pathname + url.search,
    method: request.method as Dispatcher.HttpMethod,
    headers,
    body: init.rawBody ?? null,
    signal: request.signal,
  });
  if (NULL_BODY_STATUSES.has(statusCode)) {
    wire.dump().catch(() => {});
    return new Response(null, { status: statusCode, headers: toHeaders(rawHeaders as RawHeaders) });
  }
  // undici's Response reads async iterables lazily: streaming still works. A compressed body is
  // decompressed here, and its encoding headers dropped, so nobody decodes it twice.
  const responseHeaders = toHeaders(rawHeaders as RawHeaders);
  const body = decoded(wire, (rawHeaders as RawHeaders)['content-encoding']);
  if (body !== wire) {
    responseHeaders.delete('content-encoding');
    responseHeaders.delete('content-length');
  }
  return new Response(body as unknown as ReadableStream<Uint8Array>, { status: statusCode, headers: responseHeaders });
}

/** The URL with its query replaced by `?…`: the query may hold a key. */
function withoutQuery(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : `${url.slice(0, mark)}?…`;
}

/** undici's raw response headers as WHATWG `Headers`, built only when someone reads them. */
function toHeaders(raw: RawHeaders): Headers {
  const headers = new Headers();
  for (const key in raw) {
    const value = raw[key];
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

/** Header names are case-insensitive; undici sends a plain object as is, so one spelling each. */
function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key in headers) result[key.toLowerCase()] = headers[key]!;
  return result;
}
