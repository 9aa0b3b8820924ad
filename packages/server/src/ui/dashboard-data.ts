// The JSON the dashboard's data endpoints answer (`GET <prefix>/ui/api/snapshot` and the events of
// `GET <prefix>/ui/api/events`), shared by the gateway and the page. One file, so the contract is
// read in one place. Fields that only some deployments have are optional: the page shows what is
// there and says what is not ("no limits", "local").

/** Bumped when a field changes meaning or goes away; new optional fields do not bump it. */
export const DASHBOARD_DATA_VERSION = 1;

/** How a provider (or one of its models) is doing, as `registry.health()` derives it. */
export type DashboardHealthStatus = 'healthy' | 'degraded' | 'down' | 'unknown';

/** The circuit breaker of a provider or provider+model. */
export type DashboardCircuitState = 'closed' | 'open' | 'half-open' | 'isolated';

/** Everything the page shows, at one moment: the answer of `/ui/api/snapshot` and the first event of `/ui/api/events`. */
export interface DashboardSnapshot {
  version: typeof DASHBOARD_DATA_VERSION;
  /** Server time when it was taken (epoch ms); the page measures "in 25 s" against it, not its own clock. */
  at: number;
  gateway: DashboardGateway;
  providers: ProviderRow[];
  traffic: DashboardTraffic;
  /** The recent requests kept, oldest first. */
  requests: RecentRequest[];
}

/**
 * What each later event of `/ui/api/events` carries, in the snapshot's shape: the state now, only
 * the traffic buckets that changed since the last event (replace those with the same `at`, drop
 * those older than `windowMs`), and only the requests made since (oldest first).
 */
export type DashboardUpdate = DashboardSnapshot;

/** Facts about the gateway itself. */
export interface DashboardGateway {
  /** When the gateway was set up (epoch ms). */
  startedAt: number;
  /** API requests (chat, responses, messages) being answered now. */
  inFlight: number;
  /** Every public model name (aliases included), for the "Try it" box. */
  models: string[];
  /** Whether recent requests keep their prompt and answer text (`captureContent`). */
  captureContent: boolean;
  /** How many recent requests are kept. */
  recentRequestsKept: number;
  /** Where circuits, cooldowns and budgets live. */
  store: DashboardStore;
}

/**
 * Where the registry keeps its shared state: `{ kind: 'local' }` for the in-memory store (each process learns
 * alone); with a shared store (Redis) `kind` is `shared` and the other fields say how the fleet
 * is doing.
 */
export interface DashboardStore {
  kind: 'local' | 'shared';
  /** Gateways sharing the store, this one included (present with a shared store). */
  replicas?: number;
  /** A shared store that cannot be reached is `degraded`: each replica falls back to its own view. */
  status?: 'ok' | 'degraded';
}

/** One provider instance: a row of the Providers view (`data-provider`, `data-status`, `data-circuit`). */
export interface ProviderRow {
  /** The provider instance's id (`dynaspark`, `local`). */
  id: string;
  label: string;
  /** False for a provider installed but not configured: it serves nothing. */
  configured: boolean;
  /** Whether the registry routes to it now. */
  working: boolean;
  /** Why it is not working, and what would fix it, when the registry knows. */
  reason?: string;
  fix?: string;
  status: DashboardHealthStatus;
  /** Where the status came from. */
  source: 'probe' | 'traffic' | 'none';
  /** `open` only when every model's circuit is open. */
  circuit: DashboardCircuitState;
  /** While `circuit` is `open`: when the next call may probe it (epoch ms). */
  circuitOpenUntil?: number;
  /**
   * A cooldown that keeps the registry off the provider until then (epoch ms), e.g. from a 429's
   * `Retry-After`, when the registry keeps such cooldowns; absent when none runs.
   */
  cooldownUntil?: number;
  /** Latency of the last successful probe, else the recent traffic's median (ms). */
  latencyMs?: number;
  /** Share of successful attempts in the registry's health window, 0..1. */
  successRate?: number;
  /** The last failure seen, by a probe or by traffic. */
  lastError?: { kind: string; message: string; at: number };
  models: ProviderModelRow[];
  /** Budget use per limit; absent when the provider has no limits ("no limits"). */
  limits?: ProviderLimits;
}

/** One model of a provider. */
export interface ProviderModelRow {
  /** The provider-side model name. */
  model: string;
  vision: boolean;
  status: DashboardHealthStatus;
  circuit: DashboardCircuitState;
  circuitOpenUntil?: number;
  cooldownUntil?: number;
  latencyMs?: number;
}

/** A provider's budgets: only the limits it has are present. */
export interface ProviderLimits {
  /** Requests per minute. */
  rpm?: BudgetUse;
  /** Tokens per minute. */
  tpm?: BudgetUse;
  /** Calls running at once. */
  concurrency?: BudgetUse;
}

/** How much of one budget is used (fleet-wide with a shared store). */
export interface BudgetUse {
  limit: number;
  used: number;
  /** When the window refills (epoch ms); absent for `concurrency`. */
  resetsAt?: number;
}

/**
 * Traffic over the last `windowMs`, in buckets of `bucketMs`, column by column (the charts' own
 * layout). `at[i]` is the start of bucket i; every array of every series has the same length.
 * Percentiles come from logarithmic histograms: within 10% of the exact value.
 */
export interface DashboardTraffic {
  bucketMs: number;
  windowMs: number;
  at: number[];
  /** Every request, whichever provider answered. */
  total: TrafficSeries;
  /** One series per provider that answered or was tried in the window; `''` for requests no provider answered. */
  providers: TrafficSeries[];
}

/** One series of {@link DashboardTraffic}; `null` where a bucket has no sample. */
export interface TrafficSeries {
  provider: string;
  /** Requests answered (or refused) in the bucket; per second: divide by the bucket's seconds. */
  requests: number[];
  /** Of those, answers with a status of 400 or more (499: the client left). */
  errors: number[];
  /** Attempts made on this provider, and how many failed (a request that fell back counts on both providers). */
  attempts: number[];
  failedAttempts: number[];
  latencyP50Ms: (number | null)[];
  latencyP95Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
  /** Streams only: time from the request to its first chunk. */
  firstChunkP50Ms: (number | null)[];
  firstChunkP95Ms: (number | null)[];
  firstChunkP99Ms: (number | null)[];
  /** Prompt plus completion tokens the providers reported. */
  tokens: number[];
}

/** The API a request came in on. */
export type RequestRoute = 'chat' | 'responses' | 'messages';

/** One request, as the Recent requests view lists it. */
export interface RecentRequest {
  /** Increases by one per request: the page uses it to tell new requests from those it has. */
  seq: number;
  /** When it arrived (epoch ms). */
  at: number;
  route: RequestRoute;
  /** The name of the client key it came with (`server.keys`); absent for the gateway's `apiKey` or no key. Never the key itself. */
  key?: string;
  /** The model name as the client asked for it (cut to 200 characters). */
  model: string;
  stream: boolean;
  /** The HTTP status answered (499: the client left first). */
  status: number;
  /** Who answered: the provider instance and its model; absent when no provider did. */
  provider?: string;
  providerModel?: string;
  /** Until the last byte (ms); absent for requests refused before they were read. */
  latencyMs?: number;
  /** Streams: from the call to its first text or tool call (ms): the registry's measurement, the same as its `gen_ai.client.operation.time_to_first_chunk`. */
  firstChunkMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** Every attempt in order, with what the registry did next. */
  attempts: readonly RequestAttempt[];
  /** For an error answer: its code and message, as the client got them. */
  error?: { code: string; message: string };
  /** Only with `captureContent`: the prompt's messages (text only, images as `[image]`, cut) and the answer's text (cut). */
  prompt?: { role: string; text: string }[];
  answer?: string;
}

/** One attempt of a request's trail. */
export interface RequestAttempt {
  provider: string;
  model: string;
  /** 1-based attempt number on this provider. */
  attempt: number;
  outcome: 'success' | 'error' | 'skipped';
  durationMs: number;
  errorKind?: string;
  message?: string;
  decision?: 'retry' | 'fallback' | 'stop';
}
