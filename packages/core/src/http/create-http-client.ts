import { Readable } from 'node:stream';
import type { Hooks, KyInstance } from 'ky';
import type { Agent, Dispatcher, ProxyAgent } from 'undici';
import { parseHttpUrl } from './parse-http-url.js';
import { httpErrorFromResponse } from './http-error-from-response.js';
import { networkErrorFrom } from './network-error-from.js';

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
   * ky hooks run on every request, for what a provider must do to each one: sign it, refresh a
   * token in `beforeRequest`, inspect answers in `afterResponse`. With hooks, requests go through
   * ky (over the same connection pool); without, straight to undici's dispatcher, which costs
   * several times less per request (see BENCHMARKS.md).
   * @example { beforeRequest: [(request) => request.headers.set('x-signature', sign(request))] }
   */
  hooks?: Hooks;
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
  /** Provider-side model the request is for (errors carry it). */
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

/** The small HTTP port providers talk to; the only place that knows about undici and ky. */
export interface HttpClient {
  readonly baseUrl: string;
  /**
   * Sends a request. Resolves with 2xx responses; rejects with `ApiCallError` (and subclasses:
   * `RateLimitError`, `HtmlResponseError`) for other statuses, `NetworkError` when no response
   * came, and the signal's reason when the caller aborted.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Closes every pooled socket. */
  close(): Promise<void>;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

// undici is a third of core's import time: load it with the first request, not with core.
let undici: typeof import('undici') | undefined;
let loadingUndici: Promise<typeof import('undici')> | undefined;
function loadUndici(): Promise<typeof import('undici')> {
  return (loadingUndici ??= import('undici').then((module) => (undici = module)));
}

let loadingKy: Promise<typeof import('ky')> | undefined;
const loadKy = () => (loadingKy ??= import('ky'));

type RawHeaders = Record<string, string | string[] | undefined>;

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

/**
 * Creates a provider's long-lived HTTP client: one keep-alive connection pool (an undici
 * `Agent`) per client, one `ProxyAgent` per proxy URL, reused by every request.
 *
 * Requests go straight to undici's `dispatcher.request`, with the caller's body bytes as they are.
 * A WHATWG `Request`/`Response` round trip (what ky or fetch would build: a Request and its clone,
 * Headers, `AbortSignal.any`, a web-stream body) costs several times the request itself on
 * loopback; see bench/ (`pnpm bench`).
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
  let closed = false;
  // parseHttpUrl returns origin + base path (no credentials, query or slash at the end).
  const { origin } = new URL(baseUrl);
  const defaultHeaders = lowerCaseKeys(options.headers ?? {});

  function dispatcherFor(proxy: string | undefined, { Agent, ProxyAgent }: typeof import('undici')): Dispatcher {
    if (proxy === undefined) return (agent ??= new Agent(poolOptions));
    let proxyAgent = proxies.get(proxy);
    if (!proxyAgent) {
      const uri = parseHttpUrl(proxy, { argument: 'options.proxy', allowCredentials: true });
      proxyAgent = new ProxyAgent({ uri, ...poolOptions });
      proxies.set(proxy, proxyAgent);
    }
    return proxyAgent;
  }

  let kyClient: KyInstance | undefined;
  async function requestThroughKy(url: string, request: HttpRequest, dispatcher: Dispatcher): Promise<HttpResponse> {
    kyClient ??= (await loadKy()).default.create({
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      headers: defaultHeaders,
      hooks: options.hooks!,
      fetch: dispatchFetch as unknown as typeof fetch,
    });
    let response: Response;
    try {
      response = await kyClient(url, {
        method: request.method ?? 'POST',
        ...(request.headers ? { headers: request.headers as Record<string, string> } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        dispatcher,
        rawBody: request.body,
      } as unknown as Parameters<KyInstance>[1]);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw networkErrorFrom(error, { provider, model: request.model, url });
    }
    if (response.status >= 200 && response.status < 300) {
      return {
        status: response.status,
        headers: response.headers,
        header: (name) => response.headers.get(name) ?? undefined,
        url,
        text: () => response.text(),
        body: response.body,
      };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw networkErrorFrom(error, { provider, model: request.model, url });
    }
    throw httpErrorFromResponse({ provider, model: request.model, url, status: response.status, headers: response.headers, body: text });
  }

  return {
    baseUrl,
    async request(request) {
      const dispatcher = dispatcherFor(request.proxy, undici ?? (await loadUndici()));
      let url = baseUrl + request.path;
      if (request.query) {
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(request.query)) if (value !== undefined) search.append(key, value);
        const query = search.toString();
        if (query) url += `?${query}`;
      }
      if (options.hooks) return requestThroughKy(url, request, dispatcher);
      let response: Dispatcher.ResponseData;
      try {
        response = await dispatcher.request({
          origin,
          path: url.slice(origin.length),
          method: request.method ?? 'POST',
          headers: request.headers ? { ...defaultHeaders, ...lowerCaseKeys(request.headers) } : defaultHeaders,
          body: request.body ?? null,
          signal: request.signal ?? null,
        });
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        throw networkErrorFrom(error, { provider, model: request.model, url });
      }
      const { statusCode, headers: rawHeaders, body } = response;
      if (statusCode >= 200 && statusCode < 300) {
        const nullBody = NULL_BODY_STATUSES.has(statusCode);
        if (nullBody) body.dump().catch(() => {});
        let stream: ReadableStream<Uint8Array> | undefined;
        let headers: Headers | undefined;
        return {
          status: statusCode,
          url,
          // Built on first read: most callers never look at the headers or the stream.
          get headers() {
            return (headers ??= toHeaders(rawHeaders));
          },
          header: (name) => {
            const value = rawHeaders[name];
            return Array.isArray(value) ? value.join(', ') : value;
          },
          text: () => (nullBody ? Promise.resolve('') : body.text()),
          get body() {
            return nullBody ? null : (stream ??= Readable.toWeb(body) as ReadableStream<Uint8Array>);
          },
        };
      }
      let text: string;
      try {
        text = await body.text();
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        throw networkErrorFrom(error, { provider, model: request.model, url });
      }
      throw httpErrorFromResponse({ provider, model: request.model, url, status: statusCode, headers: toHeaders(rawHeaders), body: text });
    },
    async close() {
      // Idempotent: a host may close a registry twice (shutdown hooks), which must not throw.
      if (closed) return;
      closed = true;
      await Promise.all([agent?.close(), ...[...proxies.values()].map((proxyAgent) => proxyAgent.close())]);
      proxies.clear();
    },
  };
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
  const { statusCode, headers: rawHeaders, body } = await init.dispatcher.request({
    origin: url.origin,
    path: url.pathname + url.search,
    method: request.method as Dispatcher.HttpMethod,
    headers,
    body: init.rawBody ?? null,
    signal: request.signal,
  });
  if (NULL_BODY_STATUSES.has(statusCode)) {
    body.dump().catch(() => {});
    return new Response(null, { status: statusCode, headers: toHeaders(rawHeaders) });
  }
  // undici's Response reads async iterables lazily: streaming still works.
  return new Response(body as unknown as ReadableStream<Uint8Array>, { status: statusCode, headers: toHeaders(rawHeaders) });
}

/** Header names are case-insensitive; undici sends a plain object as is, so one spelling each. */
function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key in headers) result[key.toLowerCase()] = headers[key]!;
  return result;
}
