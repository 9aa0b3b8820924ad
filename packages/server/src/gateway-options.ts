import type { SharedDocuments } from './responses/shared-response-store.js';
import type { ClientKey } from './auth/client-key.js';
import type { Logger, Registry } from '@switchboard/core';
import type { DashboardOptions } from './ui/dashboard-options.js';

/** Limits for downloading `image_url` parts that point to remote URLs. */
export interface RemoteImageOptions {
  /**
   * Largest image downloaded, in bytes; a larger one fails the request with a 400.
   * @default 10 MiB (the registry's default `maxMediaBytes`)
   */
  maxBytes?: number;
  /**
   * Time limit for downloading all of one request's images.
   * @default 10_000
   */
  timeoutMs?: number;
  /**
   * Most remote images in one request; more is a 400 before anything is downloaded.
   * @default 8
   */
  maxImages?: number;
  /**
   * Most bytes downloaded for one request, all its images together; past it, the downloads stop and the request is a 400.
   * @default 20 MiB
   */
  maxTotalBytes?: number;
  /**
   * Most image downloads running at once across the whole gateway; the others wait their turn (within `timeoutMs`).
   * @default 16
   */
  maxConcurrentDownloads?: number;
  /**
   * Most redirects followed for one image; each hop is checked like the first URL.
   * @default 3
   */
  maxRedirects?: number;
  /**
   * Addresses or CIDR ranges that may be downloaded from although they are loopback, private,
   * link-local, cloud metadata or otherwise not public. Every other such address is refused,
   * after DNS resolution and on every redirect.
   * @default [] (public addresses only)
   * @example ['127.0.0.1', '10.20.0.0/16']
   */
  allowAddresses?: readonly string[];
}

/** How many responses of `POST /v1/responses` the gateway keeps for `previous_response_id`, and for how long. */
export interface StoredResponsesOptions {
  /**
   * Most entries kept: each response is one, and so is each of its output items (a message, a
   * function call), which `item_reference` inputs name. Past it the oldest goes.
   * @default 10_000
   */
  maxEntries?: number;
  /**
   * Most bytes of conversation kept in all (text, tool calls, images as their data URIs); past it the oldest go.
   * @default 64 MiB
   */
  maxBytes?: number;
  /**
   * How long a response can be continued after it was made, ms.
   * @default 3_600_000 (an hour)
   */
  ttlMs?: number;
  /**
   * A shared store to keep responses in as well (the registry's `createRedisStore()`), so any
   * replica continues a response another made. Each replica also keeps its own in memory, within
   * the limits above; in Redis an entry lives `ttlMs` (Redis's `maxmemory` bounds the rest).
   * `switchboard serve --store` sets it.
   * @default none: this process's memory only
   */
  shared?: SharedDocuments;
}

/** What the gateway knows of a request when it decides which client it comes from. */
export interface ClientRequestInfo {
  /** The remote address (the proxy's, unless the Fastify app that mounts the gateway sets `trustProxy`). */
  ip: string;
  /** Request headers, lower-case names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Options of `createGateway` and of the `switchboardGateway` Fastify plugin. Only `registry` is required. */
export interface GatewayOptions {
  /**
   * The registry that answers. The gateway never closes it: its owner does, after `gateway.close()`.
   * @example createRegistry({ providers: [createOpenAICompatible({ baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.2'] })], useRegistered: false })
   */
  registry: Registry;
  /**
   * Require `Authorization: Bearer <apiKey>` on every route except `/health/live` and
   * `/health/ready`; compared in constant time, never logged. `false` turns auth off even when
   * the variable is set.
   * @default env SWITCHBOARD_API_KEY, else no auth
   */
  apiKey?: string | false;
  /**
   * Client keys ("virtual keys"): one secret per client, each optionally limited to some models and
   * given its own budget (rpm, tpm, concurrency), counted fleet-wide in the registry's store. With
   * keys, every route except `/health/live` and `/health/ready` needs one of them (or `apiKey`,
   * which keeps working, unlimited). A model outside a key's list is a 403 naming the model; past
   * its budget a client gets a 429 with `Retry-After` naming its key's name (never the key).
   * @example [{ name: 'alice', key: process.env.ALICE_KEY, models: ['fast'], limits: { rpm: 60 } }]
   */
  keys?: readonly ClientKey[];
  /**
   * Largest request body of `POST /v1/chat/completions`, in bytes; larger is a 413. The default
   * fits one 10 MiB image as a base64 data URI.
   * @default 16 MiB
   */
  bodyLimit?: number;
  /**
   * Deepest nesting of arrays and objects in a request body; deeper is a 400 (`json_too_deep`),
   * found by a linear scan of the bytes as they arrive, before the body is parsed.
   * @default 64
   */
  bodyDepthLimit?: number;
  /**
   * How long a streaming client may leave written data unread (the connection's buffers full)
   * before it is cut off and its upstream request cancelled.
   * @default 10_000
   */
  writeTimeoutMs?: number;
  /**
   * Largest share (0 to 1) of a provider's upstream connections one client may hold: a client has
   * at most `max(1, floor(clientConnectionShare * upstreamConnections))` chat requests in flight,
   * and each holds at most one upstream connection at a time. Its requests past that wait for
   * its own slots, in order (holding no connection); more than 16 times that many waiting is a
   * 429 (`too_many_concurrent_requests`).
   * @default 0.5
   */
  clientConnectionShare?: number;
  /**
   * Size of the providers' upstream connection pools, which {@link clientConnectionShare} is a
   * share of: core's HTTP client keeps 128 per provider unless a provider's `connections` setting
   * says otherwise (set this to the smallest of them).
   * @default 128
   */
  upstreamConnections?: number;
  /**
   * Which client a request comes from, for {@link clientConnectionShare}: requests with the same
   * answer share one client's allowance.
   * @default the remote address (`request.ip`)
   * @example (request) => String(request.headers['x-tenant'] ?? request.ip)
   */
  identifyClient?: (request: ClientRequestInfo) => string;
  /**
   * Least time between two forced health probes (`GET /health?probe=true`). Concurrent forced
   * probes share one; within this time after one, the report shows its results without probing
   * again (`x-switchboard-probe: recent`).
   * @default 10_000
   */
  healthProbeIntervalMs?: number;
  /**
   * Download `image_url` parts given as http(s) URLs and pass them on as data URIs. Off by
   * default: a server that fetches any URL its clients name can be turned against the network it
   * runs in (SSRF). When on, only public addresses are fetched (checked after DNS resolution and on
   * every redirect, and the connection goes to the checked address) unless `allowAddresses` names
   * others; counts, bytes and concurrent downloads are capped. `true` uses the default limits.
   * @default false (such requests get a 400)
   * @example { maxBytes: 5 * 1024 * 1024, timeoutMs: 5_000, maxImages: 4 }
   */
  allowRemoteImages?: boolean | RemoteImageOptions;
  /**
   * Where the gateway logs (pino, or anything with the `Logger` methods). Lines never carry
   * request bodies, headers or keys.
   * @default silent
   */
  logger?: Logger;
  /**
   * How long `close()` lets requests in flight finish. Past 80% of it they are aborted (their
   * upstream calls cancelled, streams ended with an error event); past 90% the remaining
   * connections are destroyed, so `close()` resolves within this time.
   * @default 5_000
   */
  shutdownTimeoutMs?: number;
  /**
   * Serve Prometheus metrics at `GET /metrics`.
   * @default true
   */
  metrics?: boolean;
  /**
   * Include Node's process metrics (CPU, memory, event loop lag, GC) in `/metrics`.
   * @default true
   */
  processMetrics?: boolean;
  /**
   * The dashboard at `GET /ui`: providers with their health and circuits, live traffic, recent
   * requests and a "Try it" box. The page is static; its data needs `apiKey` (the page asks for
   * it), and without an `apiKey` the page and its data are served to loopback clients only.
   * `false` turns it off: nothing is recorded for it then.
   * @default true
   * @example { recentRequests: 1_000 }
   */
  ui?: boolean | DashboardOptions;
  /**
   * Responses of `POST /v1/responses` kept in memory so a conversation can continue with
   * `previous_response_id` (a request with `store: false` keeps nothing). `false` keeps none
   * (every `previous_response_id` is then a 404). Response ids are random (128 bits): whoever
   * holds one can continue that conversation, as with OpenAI.
   * @default { maxEntries: 10_000, maxBytes: 64 MiB, ttlMs: 3_600_000 }
   */
  storedResponses?: boolean | StoredResponsesOptions;
  /**
   * Keep prompt and answer text (cut to 2,000 characters a message) with the dashboard's recent
   * requests. Off by default: requests often carry what their users would not show an operator.
   * The one switch for message content: the same variable turns on the registry's trace content
   * (`createRegistry({ telemetry: { captureContent } })`), and `switchboard serve` sets both from
   * `server.captureContent`.
   * @default true when `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` is `true` (in `env`), else false
   */
  captureContent?: boolean;
  /**
   * Environment read for `SWITCHBOARD_API_KEY` and `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
}
