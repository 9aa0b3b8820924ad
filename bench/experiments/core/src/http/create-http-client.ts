import { Readable } from 'node:stream';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
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
  headers: Headers;
  url: string;
  text(): Promise<string>;
  /** The body as a stream, for server-sent events. */
  body: ReadableStream<Uint8Array> | null;
}

/** The small HTTP port providers talk to; the only place that knows about ky and undici. */
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
  const agent = new Agent(poolOptions);
  const proxies = new Map<string, ProxyAgent>();
  let closed = false;
  // parseHttpUrl returns origin + base path (no credentials, query or slash at the end).
  const { origin } = new URL(baseUrl);
  const defaultHeaders = lowerCaseKeys(options.headers ?? {});

  function dispatcherFor(proxy: string | undefined): Dispatcher {
    if (proxy === undefined) return agent;
    let proxyAgent = proxies.get(proxy);
    if (!proxyAgent) {
      const uri = parseHttpUrl(proxy, { argument: 'options.proxy', allowCredentials: true });
      proxyAgent = new ProxyAgent({ uri, ...poolOptions });
      proxies.set(proxy, proxyAgent);
    }
    return proxyAgent;
  }

  return {
    baseUrl,
    async request(request) {
      const dispatcher = dispatcherFor(request.proxy);
      let url = baseUrl + request.path;
      if (request.query) {
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(request.query)) if (value !== undefined) search.append(key, value);
        const query = search.toString();
        if (query) url += `?${query}`;
      }
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
      let headers: Headers | undefined;
      if (statusCode >= 200 && statusCode < 300) {
        let stream: ReadableStream<Uint8Array> | null | undefined;
        if (NULL_BODY_STATUSES.has(statusCode)) {
          body.dump().catch(() => {});
          stream = null;
        }
        return {
          status: statusCode,
          url,
          get headers() {
            return (headers ??= toHeaders(rawHeaders));
          },
          text: () => (stream === null ? Promise.resolve('') : body.text()),
          get body() {
            return (stream ??= Readable.toWeb(body) as ReadableStream<Uint8Array>);
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
      await Promise.all([agent.close(), ...[...proxies.values()].map((proxyAgent) => proxyAgent.close())]);
      proxies.clear();
    },
  };
}

/** Header names are case-insensitive; undici sends a plain object as is, so one spelling each. */
function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key in headers) result[key.toLowerCase()] = headers[key]!;
  return result;
}
