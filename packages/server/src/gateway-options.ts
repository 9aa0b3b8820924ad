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
   * Largest request body of `POST /v1/chat/completions`, in bytes; larger is a 413. The default
   * fits one 10 MiB image as a base64 data URI.
   * @default 16 MiB
   */
  bodyLimit?: number;
  /**
   * Download `image_url` parts given as http(s) URLs and pass them on as data URIs. Off by
   * default: a server that fetches any URL its clients name can be turned against the network it
   * runs in (SSRF). Turn on only when the clients are trusted; `true` uses the default limits.
   * @default false (such requests get a 400)
   * @example { maxBytes: 5 * 1024 * 1024, timeoutMs: 5_000 }
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
   * Keep prompt and answer text (cut to 2,000 characters a message) with the dashboard's recent
   * requests. Off by default: requests often carry what their users would not show an operator.
   * Meant to be the one switch for message content wherever the gateway records requests.
   * @default false
   */
  captureContent?: boolean;
  /**
   * Environment read for `SWITCHBOARD_API_KEY`.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
}
