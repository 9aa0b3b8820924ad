import type { Logger } from '../logging/logger.js';
import type { BudgetDecision, BudgetRequest, BudgetSettlement, BudgetUse, BudgetUseRequest } from './budget.js';
import type { CircuitPolicy, CircuitRecord } from './circuit-record.js';
import type { SharedProbe } from './shared-probe.js';

/** The version of the {@link StateStore} contract a store implements; `createRegistry` refuses others. */
export const STORE_SPECIFICATION_VERSION = 'store-v1';
export type StoreSpecificationVersion = typeof STORE_SPECIFICATION_VERSION;

/**
 * How a store is doing, for `registry.health()`, the gateway's `/health` and dashboards.
 * - `local`: not shared (the in-memory store: one process);
 * - `connecting`: a shared store before its first connection (the local view serves meanwhile);
 * - `shared`: every change is shared with the other replicas;
 * - `degraded`: the shared store cannot be reached; circuits and cooldowns run on the local view,
 *   budgets by their `onStoreDown` policy, until it returns and the shared view is rebuilt.
 */
export type StoreState = 'local' | 'connecting' | 'shared' | 'degraded';

/** What {@link StateStore.status} reports. */
export interface StoreStatus {
  /** `memory`, `redis`, … */
  kind: string;
  state: StoreState;
  /** Replicas sharing the store, this one included (the last count seen while shared; 1 for `local`). */
  replicas: number;
  /** This replica's id in the store (`hostname:pid:random`). */
  replicaId: string;
  /** When `state` last changed (epoch ms). */
  since: number;
  /** Where the shared store is, with no password (`redis://127.0.0.1:6379/0`). */
  location?: string;
  /** What answered there, once connected (`redis 7.0.15`, `valkey 8.0.1`). */
  server?: string;
  /** Why the store is `degraded` (or the last failure it recovered from). */
  lastError?: string;
}

/** What a registry hands its store when it takes it ({@link StateStore.attach}). */
export interface StoreContext {
  /** The registry's logger (a store logs one warning when it degrades, and one line when it recovers). */
  logger: Logger;
  /**
   * A circuit record changed, here or on another replica (`previous` is what this replica saw
   * before). `undefined` means the pair is closed with no failures. Called outside any store
   * operation; what it throws is ignored.
   */
  onCircuitChange(key: string, record: CircuitRecord | undefined, previous: CircuitRecord | undefined): void;
  /** Another replica shared a health probe's result. */
  onProbe(provider: string, probe: SharedProbe): void;
}

/**
 * What many registries (gateway replicas) share: circuit and cooldown records per provider and
 * model, request and token budgets, leases (one replica probes a provider per interval) and
 * membership (how many replicas share the budgets). The default is in memory (one process);
 * `@switchboard/store-redis` shares it through Redis.
 *
 * The hot path never waits on a store without a budget: circuits are read from a local view
 * (synchronous, kept current by the store), and circuit changes return the new local record at
 * once while the store shares them in the background. A budget costs one `reserve` (one round
 * trip for a shared store) and one `settle` that nobody waits for. Every operation takes the time
 * from the caller (`now`, the registry's clock), so every implementation gives the same answers
 * in fake time; the rules themselves are `circuit-record.ts` and `budget-window.ts`.
 *
 * A store is taken by one registry (`attach`), which closes it with itself.
 */
export interface StateStore {
  readonly specificationVersion: StoreSpecificationVersion;
  /** `memory`, `redis`, …: for reports. */
  readonly kind: string;

  /** Called once by `createRegistry`; starts the store's background work (connecting, heartbeats). */
  attach(context: StoreContext): void;
  /**
   * Resolves once the store is usable and shared (at once for a local store). Rejects with a
   * `StoreConnectionError` naming the location (never its password) when the store cannot be
   * reached or refuses us, within the store's connect timeout: never a hang. Optional to await:
   * without it, a registry starts on its local view and shares once connected.
   */
  connect(): Promise<void>;
  /** Leaves the fleet (membership), stops background work, disconnects. Idempotent. */
  close(): Promise<void>;
  status(): StoreStatus;

  /** The local view of a pair's circuit (`undefined`: closed, no failures). Synchronous, no I/O. */
  circuit(key: string): CircuitRecord | undefined;
  /** Every pair with a record, in the local view. */
  circuits(): ReadonlyMap<string, CircuitRecord>;
  /** A failure that says something about the provider. Returns the new local record; sharing is the store's business. */
  recordFailure(key: string, failure: { now: number; policy: CircuitPolicy; trial: boolean }): CircuitRecord;
  /** A success: failures reset, an open circuit past its cooldown (or its trial) closed. Returns the new local record. */
  recordSuccess(key: string, success: { now: number; policy: CircuitPolicy }): CircuitRecord | undefined;
  /** The provider asked to wait until `until` (Retry-After): extends a cooldown, never shortens one. */
  coolDown(key: string, cooldown: { now: number; until: number }): CircuitRecord;
  /**
   * Claims the one half-open trial of a pair whose cooldown is over, for `leaseMs` (the longest
   * the trial call may take). Resolves false when another replica (or call) holds it.
   */
  claimTrial(key: string, trial: { now: number; leaseMs: number }): Promise<boolean>;

  /** Reserves one request (and its tokens, and a concurrency slot) against a budget, atomically. */
  reserve(request: BudgetRequest): Promise<BudgetDecision>;
  /** Settles a reservation with the real token count, and gives its concurrency slot back. Never throws. */
  settle(settlement: BudgetSettlement): void;
  /** How much of a budget is in use now. */
  budgetUse(request: BudgetUseRequest): Promise<BudgetUse>;

  /**
   * Takes a named lease for `ttlMs` unless another replica holds it (`probe:groq`: one replica
   * probes a provider per interval). Resolves false when held elsewhere.
   */
  acquireLease(name: string, lease: { now: number; ttlMs: number }): Promise<boolean>;
  /** Shares a health probe's result with the other replicas (they receive it through `onProbe`). */
  shareProbe(provider: string, probe: SharedProbe): void;

  /**
   * Optional, for shared stores: a small text document every replica can read, kept for `ttlMs`
   * (the gateway keeps its Responses API responses here, so any replica continues any
   * `previous_response_id`). Resolves `undefined` for a key never set or expired. Rejects with a
   * `StoreConnectionError` while the store cannot be reached: an answer "not found" would be false.
   */
  getDocument?(key: string): Promise<string | undefined>;
  /** Keeps `value` under `key` for `ttlMs`, replacing what was there. Rejects like {@link getDocument}. */
  setDocument?(key: string, value: string, options: { ttlMs: number }): Promise<void>;
}
