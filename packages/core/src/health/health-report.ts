import type { ErrorKind } from '../errors/error-kind.js';
import type { BudgetReport } from '../orchestration/budgets.js';
import type { StoreStatus } from '../store/state-store.js';

/** How a provider (or one of its models) is doing. */
export type HealthStatus = 'healthy' | 'degraded' | 'down' | 'unknown';

/** Where a status came from: an active probe, real traffic, or nothing yet. */
export type HealthSource = 'probe' | 'traffic' | 'none';

/** What real traffic showed over the recent window. */
export interface TrafficSummary {
  /** Attempts in the window. */
  attempts: number;
  /** Share of successful attempts, 0..1 (undefined without attempts). */
  successRate: number | undefined;
  /** Latency of successful attempts, ms. */
  p50Ms: number | undefined;
  p95Ms: number | undefined;
}

/** The last failure seen, by a probe or by traffic. */
export interface HealthError {
  kind: ErrorKind;
  message: string;
  at: number;
}

/** Health of one provider+model pair. */
export interface ModelHealth {
  model: string;
  status: HealthStatus;
  source: HealthSource;
  /** Latency of the last successful probe, else the traffic p50. */
  latencyMs: number | undefined;
  /** When the status was last established (epoch ms). */
  checkedAt: number | undefined;
  lastError: HealthError | undefined;
  traffic: TrafficSummary;
  /** The resilience layer's circuit for this pair. */
  circuit: 'closed' | 'open' | 'half-open' | 'isolated';
  /**
   * While `circuit` is `open`: when its cooldown ends and the next call may probe it (epoch ms;
   * the circuit reads `half-open` from then on). For a provider, the earliest of its open models.
   * Undefined otherwise.
   */
  circuitOpenUntil?: number;
  /**
   * While the provider's own `Retry-After` keeps calls off the pair (every replica's, with a
   * shared store): when it ends (epoch ms). For a provider, the earliest of its models'. Undefined
   * otherwise.
   */
  cooldownUntil?: number;
}

/** Health of one provider: the worst of its models' statuses, its own probe, and its traffic. */
export interface ProviderHealth extends Omit<ModelHealth, 'model'> {
  provider: string;
  /** Per model, when asked for (`health({ models: true })`) or seen in traffic. */
  models: ModelHealth[];
  /** Probes in a row that failed; drives the background checker's backoff. */
  consecutiveProbeFailures: number;
}

/** What `registry.health()` returns. */
export interface HealthReport {
  /**
   * All providers together: `down` when every one is down, `unknown` when nothing is known of any,
   * `healthy` when every one known is healthy (and a shared store is reachable), else `degraded`.
   */
  status: HealthStatus;
  checkedAt: number;
  providers: ProviderHealth[];
  /** Where circuits, cooldowns and budgets are kept, and whether it is shared right now. */
  store: StoreStatus;
  /** Every provider budget (`limits`) and every caller budget seen, with its use now. */
  budgets: BudgetReport[];
}

/** What the health monitor knows of the providers (the registry adds the store and the budgets). */
export type ProvidersHealth = Pick<HealthReport, 'status' | 'checkedAt' | 'providers'>;
