import type { RemoteImageOptions } from '@switchboard/server';
import type { HealthOptions, ProviderLimits, ResilienceOptions, RoutingOptions } from '@switchboard/core';

/**
 * One provider instance: the plugin package to use and its settings. Everything besides `use`
 * goes to the plugin's `createProvider(settings)`, which checks it.
 * @example { "use": "@switchboard/provider-openai-compatible", "id": "local", "baseUrl": "http://127.0.0.1:8080/v1", "models": ["llama-3.1-8b"] }
 */
export interface ProviderInstanceConfig {
  /** The plugin: a package name (resolved from the config file's folder, then from the CLI's install) or a path starting with `.` or `/`. */
  use: string;
  /** The instance's provider id, for plugins that serve several endpoints. @default the plugin's own id */
  id?: string;
  /**
   * This instance's budget (read by the CLI, not passed to the plugin): requests and tokens a
   * minute, calls at once; with a shared `store`, counted across every replica.
   * @example { "rpm": 30, "tpm": 60000 }
   */
  limits?: ProviderLimits;
  [setting: string]: unknown;
}

/** One client key of the gateway (`server.keys`). */
export interface ClientKeyConfig {
  /** Shown in errors and logs, never the key. */
  name: string;
  /** The secret, only as `${VAR}`. */
  key: string;
  /** Model names the key may ask for. @default every model */
  models?: string[];
  /** Its budget, counted fleet-wide with a shared store. */
  limits?: ProviderLimits;
}

/** Where replicas share their state: a Redis URL, or `createRedisStore`'s options. */
export type StoreConfig =
  | string
  | { url?: string; prefix?: string; commandTimeoutMs?: number; connectTimeoutMs?: number; heartbeatMs?: number; redis?: object; cluster?: object };

/** The gateway's settings (`switchboard serve`): `createGateway`'s options, and where to listen. */
export interface ServerConfig {
  /** Clients must send `Authorization: Bearer <apiKey>`. Only as `${VAR}`. @default env SWITCHBOARD_API_KEY, else no auth (keep to loopback) */
  apiKey?: string;
  /** Client keys, each with its own models and budget. */
  keys?: ClientKeyConfig[];
  /** Largest request body, bytes. @default 16 MiB */
  bodyLimit?: number;
  /** Deepest nesting of a JSON body, checked before it is parsed; deeper is a 400. @default 64 */
  bodyDepthLimit?: number;
  /** A streaming client that leaves data unread this long is cut and its upstream request cancelled. @default 10000 */
  writeTimeoutMs?: number;
  /** Share of `upstreamConnections` one client may hold with requests in flight. @default 0.5 */
  clientConnectionShare?: number;
  /** Upstream connections per provider the share is taken of. @default 128 */
  upstreamConnections?: number;
  /** `GET /health?probe=true` within this long of the last forced probe answers from its results. @default 10000 */
  healthProbeIntervalMs?: number;
  /** Download `image_url` parts given as http(s) URLs (`true`, or limits). @default false */
  allowRemoteImages?: boolean | RemoteImageOptions;
  /** Responses of `POST /v1/responses` kept for `previous_response_id` (`false`: none), or their bounds. @default { maxEntries: 10000, maxBytes: 64 MiB, ttlMs: 3600000 } */
  storedResponses?: boolean | { maxEntries?: number; maxBytes?: number; ttlMs?: number };
  /** How long requests in flight may finish after SIGTERM. @default 5000 */
  shutdownTimeoutMs?: number;
  /** Serve Prometheus metrics at `GET /metrics`. @default true */
  metrics?: boolean;
  /** Include Node's process metrics in `/metrics`. @default true */
  processMetrics?: boolean;
  /** The dashboard at `/ui` (`false`: off), or its settings. Its data needs `apiKey`; without one, loopback only. @default true */
  ui?: boolean | { recentRequests?: number };
  /** Keep prompt and answer text with the dashboard's recent requests and on the registry's attempt spans. @default false (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true: true) */
  captureContent?: boolean;
  /** Interface to listen on; `--host` wins. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; `--port` wins. @default 4000 */
  port?: number;
}

/** `switchboard.config.json`, as checked (variables not yet expanded). */
export interface SwitchboardConfig {
  /** For editors: the JSON Schema of this file. Ignored by the CLI. */
  $schema?: string;
  /** The provider instances to serve, exactly these. */
  providers: ProviderInstanceConfig[];
  /** Host-level aliases: `createRegistry({ aliases })`. */
  aliases?: Record<string, string>;
  /** Provider order, shuffling, weights: `createRegistry({ routing })`. */
  routing?: RoutingOptions;
  /** Retries, timeouts, fallback, circuit breaker: `createRegistry({ resilience })`. */
  resilience?: ResilienceOptions;
  /** Health checks: `createRegistry({ health })`. */
  health?: HealthOptions;
  /** Model of `switchboard chat` without `-m`. @default the first provider's default model */
  defaultModel?: string;
  /** Largest image, in bytes. @default 10 MiB */
  maxMediaBytes?: number;
  /** More images than a provider takes: refuse (`'error'`) or send what it takes and warn (`'warn'`). @default 'error' */
  extraMedia?: 'error' | 'warn';
  /** The gateway's settings. */
  server?: ServerConfig;
  /** Share circuits, cooldowns, budgets and health with other replicas (`serve` only): `"redis://…"` or `{ "url": "${REDIS_URL}", "prefix": … }`. */
  store?: StoreConfig;
}
