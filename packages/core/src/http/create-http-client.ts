import ky, { type KyInstance } from 'ky';
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

/** Extra fetch options our transport reads (ky passes options it does not know to `fetch`). */
interface TransportInit {
  dispatcher: Dispatcher;
  rawBody: string | Uint8Array | undefined;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * ky's `fetch`, implemented over undici's dispatcher API. The WHATWG fetch machinery costs more
 * than the request itself on loopback; going through `dispatcher.request` keeps ky's interface
 * (hooks, URL and header handling) while sending the caller's body bytes without re-reading them
 * from a `Request` stream.
 */
async function dispatchFetch(request: Request, init: TransportInit): Promise<Response> {
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
  const responseHeaders = new Headers();
  for (const [key, value] of Object.entries(rawHeaders)) {
    if (Array.isArray(value)) for (const item of value) responseHeaders.append(key, item);
    else if (value !== undefined) responseHeaders.set(key, value);
  }
  if (NULL_BODY_STATUSES.has(statusCode)) {
    body.dump().catch(() => {});
    return new Response(null, { status: statusCode, headers: responseHeaders });
  }
  // undici's Response reads async iterables lazily: no buffering here, streaming still works.
  return new Response(body as unknown as ReadableStream<Uint8Array>, { status: statusCode, headers: responseHeaders });
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
  const kyClient: KyInstance = ky.create({
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    headers: options.headers ? { ...options.headers } : {},
    fetch: dispatchFetch as unknown as typeof fetch,
  });

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
        return { status: response.status, headers: response.headers, url, text: () => response.text(), body: response.body };
      }
      let body: string;
      try {
        body = await response.text();
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        throw networkErrorFrom(error, { provider, model: request.model, url });
      }
      throw httpErrorFromResponse({ provider, model: request.model, url, status: response.status, headers: response.headers, body });
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
