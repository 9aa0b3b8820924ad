import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../logging/logger.js';
import type { AttemptEvidence } from '../orchestration/call-runtime.js';
import type { CircuitBreakers } from '../orchestration/circuit-breakers.js';
import type { Clock } from '../orchestration/clock.js';
import type { Provider } from '../provider/provider.js';
import type { SharedProbe } from '../store/shared-probe.js';
import type { StateStore } from '../store/state-store.js';
import { deriveStatus } from './derive-status.js';
import { overallStatus } from './overall-status.js';
import type { HealthError, HealthStatus, ModelHealth, ProviderHealth, ProvidersHealth } from './health-report.js';
import type { ResolvedHealthOptions } from './health-options.js';
import { probeProvider, type ProbeResult } from './probe-provider.js';
import { STATUS_RANK } from './rank-by-health.js';
import { runWithConcurrency } from './run-with-concurrency.js';
import { TrafficWindow } from './traffic-window.js';

/** What `registry.health()` accepts. */
export interface HealthCheckRequest {
  /** Only these provider ids. @default all */
  providers?: readonly string[];
  /** Also probe and report each model. @default the registry's `health.perModel` */
  models?: boolean;
  /** Run probes now (`false`: report what traffic and earlier probes show, instantly). @default true */
  probe?: boolean;
  /** @default the registry's `health.timeoutMs` */
  timeoutMs?: number;
  /** @default the registry's `health.concurrency` */
  concurrency?: number;
  /** @default the registry's `health.deep` */
  deep?: boolean;
}

interface ProviderState {
  provider: Provider;
  probe: ProbeResult | undefined;
  modelProbes: Map<string, ProbeResult>;
  windows: Map<string, TrafficWindow>;
  /** The status as of the last evidence; reads may see it aged (see `status`). */
  status: HealthStatus;
  modelStatus: Map<string, HealthStatus>;
  consecutiveProbeFailures: number;
  nextProbeAt: number;
  /** Probes running now, by model and depth: callers arriving meanwhile share them. */
  inFlight: Map<string, Promise<void>>;
}

/**
 * Keeps every provider's health: active probes (on demand or in the background), passive health
 * from the registry's own traffic, and the circuit breakers' state. State changes where evidence
 * arrives (`recordAttempt`, `circuitChanged`, a probe), which is also where `health:change` is
 * reported; reading a status (`status`, `rankOf`, `isWorking`) changes nothing, so routing can ask
 * on every request.
 */
export class HealthMonitor {
  readonly #states = new Map<string, ProviderState>();
  readonly #options: ResolvedHealthOptions;
  readonly #clock: Clock;
  readonly #events: EventHub;
  readonly #breakers: CircuitBreakers;
  readonly #store: StateStore;
  readonly #logger: Logger;
  #timer: unknown;
  #round: Promise<void> | undefined;
  #closed = false;

  constructor(options: {
    providers: readonly Provider[];
    options: ResolvedHealthOptions;
    clock: Clock;
    events: EventHub;
    breakers: CircuitBreakers;
    /** Where background probes take their lease (one replica probes a provider per interval) and share their result. */
    store: StateStore;
    logger: Logger;
  }) {
    this.#options = options.options;
    this.#clock = options.clock;
    this.#events = options.events;
    this.#breakers = options.breakers;
    this.#store = options.store;
    this.#logger = options.logger.child({ component: 'health' });
    for (const provider of options.providers) {
      this.#states.set(provider.id, {
        provider,
        probe: undefined,
        modelProbes: new Map(),
        windows: new Map(),
        status: 'unknown',
        modelStatus: new Map(),
        consecutiveProbeFailures: 0,
        nextProbeAt: 0,
        inFlight: new Map(),
      });
    }
    if (this.#options.intervalMs !== undefined) this.#schedule(0);
  }

  /**
   * The status routing reads for a provider (or provider+model). Pure. `down` can end with time
   * alone (a circuit's cooldown runs out, evidence goes stale), so a pair last seen down is looked
   * at afresh, without recording anything: the next evidence records it.
   */
  status(providerId: string, model?: string): HealthStatus {
    const state = this.#states.get(providerId);
    if (!state) return 'unknown';
    const cached = model === undefined ? state.status : (state.modelStatus.get(model) ?? state.status);
    if (cached !== 'down') return cached;
    const now = this.#clock.now();
    return (model !== undefined && state.modelStatus.has(model) ? this.#modelEvidence(state, model, now) : this.#providerEvidence(state, now)).status;
  }

  /** A provider declared not working is used anyway once a fresh probe shows it answers. */
  isWorking(provider: Provider): boolean {
    if (provider.working) return true;
    const probe = this.#states.get(provider.id)?.probe;
    return probe?.ok === true && this.#clock.now() - probe.at <= this.#options.staleAfterMs;
  }

  /** Sort key for routing by health: status first, then recent latency. */
  rankOf(providerId: string, model: string): [number, number] {
    const state = this.#states.get(providerId);
    return [STATUS_RANK[this.status(providerId, model)], state?.windows.get(model)?.ewmaLatencyMs ?? state?.probe?.latencyMs ?? Number.MAX_SAFE_INTEGER];
  }

  /** Evidence from traffic: one attempt's outcome. */
  recordAttempt(evidence: AttemptEvidence): void {
    const state = this.#states.get(evidence.provider);
    if (!state) return;
    let window = state.windows.get(evidence.model);
    if (!window) state.windows.set(evidence.model, (window = new TrafficWindow(this.#options.windowSize)));
    // Written out (an empty message still counts as none): spreads of conditional objects build a slow copy on every attempt.
    window.record({
      ok: evidence.ok,
      latencyMs: evidence.durationMs,
      at: this.#clock.now(),
      errorKind: evidence.errorKind || undefined,
      message: evidence.message || undefined,
    });
    // A success cannot make a healthy pair worse: skip the recomputation on the common path, so
    // watching traffic costs a call next to nothing.
    if (evidence.ok && state.status === 'healthy' && state.modelStatus.get(evidence.model) === 'healthy') return;
    this.#refresh(state, evidence.ok ? 'traffic succeeded' : `traffic failed (${evidence.errorKind ?? 'unknown'})`);
  }

  /**
   * Evidence from another replica: its probe of a provider (it held the lease this interval). Kept
   * when newer than this replica's own, with its count of failures in a row, so every replica
   * backs off alike and none probes before the interval (or the back-off) is over.
   */
  sharedProbe(providerId: string, probe: SharedProbe): void {
    const state = this.#states.get(providerId);
    if (!state || (state.probe && state.probe.at >= probe.at)) return;
    state.probe = {
      ok: probe.ok,
      latencyMs: probe.latencyMs,
      at: probe.at,
      ...(probe.detail ? { detail: probe.detail } : {}),
      ...(probe.error ? { error: probe.error } : {}),
    };
    state.consecutiveProbeFailures = probe.consecutiveFailures;
    if (this.#options.intervalMs !== undefined) state.nextProbeAt = probe.at + this.#backoff(state) - 1;
    this.#refresh(state, probe.error ? `probe by another replica failed: ${probe.error.message}` : 'probe by another replica succeeded');
  }

  /** Evidence from the circuit breakers: a pair's circuit opened, half-opened or closed. */
  circuitChanged({ provider, model, state: circuit }: { provider: string; model: string; state: 'open' | 'half-open' | 'closed' }): void {
    const state = this.#states.get(provider);
    if (!state) return;
    // A closed circuit means the provider answered again after failing: start its traffic afresh.
    if (circuit === 'closed') state.windows.get(model)?.reset();
    this.#refresh(state, `circuit ${circuit === 'open' ? 'opened' : circuit === 'closed' ? 'closed' : 'half-open'}`);
  }

  /** Runs probes now (unless `probe: false`), then reports. */
  async check(request: HealthCheckRequest = {}): Promise<ProvidersHealth> {
    const states = this.#select(request.providers);
    const perModel = request.models ?? this.#options.perModel;
    if (request.probe !== false) {
      const tasks = states.flatMap((state) => [
        () => this.#probe(state, undefined, request, false),
        ...(perModel ? state.provider.models.map((model) => () => this.#probe(state, model, request, false)) : []),
      ]);
      await runWithConcurrency(tasks, request.concurrency ?? this.#options.concurrency);
    }
    return this.report({ ...request, models: perModel });
  }

  /** What is known now, without probing. */
  report(request: Pick<HealthCheckRequest, 'providers' | 'models'> = {}): ProvidersHealth {
    const now = this.#clock.now();
    const providers = this.#select(request.providers).map((state) => this.#providerHealth(state, now, request.models ?? this.#options.perModel));
    return { status: overallStatus(providers.map((provider) => provider.status)), checkedAt: now, providers };
  }

  /** Stops background probes. Idempotent. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #select(ids: readonly string[] | undefined): ProviderState[] {
    if (!ids) return [...this.#states.values()];
    return ids.map((id) => this.#states.get(id)).filter((state): state is ProviderState => state !== undefined);
  }

  /**
   * One probe in flight per provider (and model, and depth): a caller asking while one runs shares
   * it, so 200 concurrent `health()` calls send one probe per provider, not 200.
   */
  #probe(state: ProviderState, model: string | undefined, request: HealthCheckRequest, background: boolean): Promise<void> {
    const deep = request.deep ?? this.#options.deep;
    const key = `${model ?? ''}\u0000${deep}`;
    const running = state.inFlight.get(key);
    if (running) return running;
    const probe = this.#runProbe(state, model, { ...request, deep }, background).finally(() => state.inFlight.delete(key));
    state.inFlight.set(key, probe);
    return probe;
  }

  async #runProbe(state: ProviderState, model: string | undefined, request: HealthCheckRequest, background: boolean): Promise<void> {
    const result = await probeProvider({
      background,
      provider: state.provider,
      model,
      deep: request.deep ?? this.#options.deep,
      timeoutMs: request.timeoutMs ?? this.#options.timeoutMs,
      clock: this.#clock,
      logger: this.#logger,
    });
    if (model === undefined) {
      state.probe = result;
      if (result.ok) state.consecutiveProbeFailures = 0;
      else state.consecutiveProbeFailures++;
      this.#store.shareProbe(state.provider.id, { ...result, consecutiveFailures: state.consecutiveProbeFailures });
    } else {
      state.modelProbes.set(model, result);
    }
    this.#refresh(state, result.error ? `probe failed: ${result.error.message}` : 'probe succeeded');
  }

  /** Recomputes statuses and reports changes. */
  #refresh(state: ProviderState, reason: string): void {
    const now = this.#clock.now();
    const models = new Set([...state.windows.keys(), ...state.modelProbes.keys()]);
    for (const model of models) {
      const { status } = this.#modelEvidence(state, model, now);
      const previous = state.modelStatus.get(model) ?? 'unknown';
      if (status !== previous) {
        state.modelStatus.set(model, status);
        this.#events.report('health:change', () => ({ provider: state.provider.id, model, from: previous, to: status, reason }), 'model health changed');
      }
    }
    const { status } = this.#providerEvidence(state, now);
    if (status !== state.status) {
      const from = state.status;
      state.status = status;
      this.#events.report('health:change', () => ({ provider: state.provider.id, from, to: status, reason }), 'provider health changed', 'info');
    }
  }

  #modelEvidence(state: ProviderState, model: string, now: number) {
    const window = state.windows.get(model);
    const since = now - this.#options.staleAfterMs;
    const counts = window?.recent(since) ?? { attempts: 0, successes: 0 };
    return deriveStatus({
      now,
      probe: state.modelProbes.get(model) ?? state.probe,
      traffic: { ...counts, lastAt: window?.lastAt },
      circuit: this.#breakers.state(state.provider.id, model),
      options: this.#options,
    });
  }

  #providerEvidence(state: ProviderState, now: number) {
    const since = now - this.#options.staleAfterMs;
    let attempts = 0;
    let successes = 0;
    let lastAt: number | undefined;
    for (const window of state.windows.values()) {
      const counts = window.recent(since);
      attempts += counts.attempts;
      successes += counts.successes;
      if (window.lastAt !== undefined && (lastAt === undefined || window.lastAt > lastAt)) lastAt = window.lastAt;
    }
    return deriveStatus({ now, probe: state.probe, traffic: { attempts, successes, lastAt }, circuit: this.#providerCircuit(state), options: this.#options });
  }

  /** The models of this provider that have a circuit breaker (those that saw traffic). */
  #breakerModels(state: ProviderState): string[] {
    return this.#breakers
      .states()
      .filter((entry) => entry.provider === state.provider.id)
      .map((entry) => entry.model);
  }

  /** A provider's circuit is open only when every model it has a breaker for is open. */
  #providerCircuit(state: ProviderState): ModelHealth['circuit'] {
    const states = this.#breakers.states().filter((entry) => entry.provider === state.provider.id);
    if (states.length === 0) return 'closed';
    if (states.every((entry) => entry.state === 'open' || entry.state === 'isolated')) return 'open';
    return states.some((entry) => entry.state === 'half-open') ? 'half-open' : 'closed';
  }

  #providerHealth(state: ProviderState, now: number, perModel: boolean): ProviderHealth {
    const since = now - this.#options.staleAfterMs;
    const evidence = this.#providerEvidence(state, now);
    const windows = [...state.windows.values()];
    const lastError = [state.probe?.error, ...windows.map((window) => window.lastError), ...[...state.modelProbes.values()].map((probe) => probe.error)]
      .filter((error): error is HealthError => error !== undefined)
      .sort((a, b) => b.at - a.at)[0];
    const traffic = mergeTraffic(windows.map((window) => window.summary(since)));
    const modelNames = perModel ? state.provider.models : [...new Set([...state.windows.keys(), ...state.modelProbes.keys()])];
    const circuit = this.#providerCircuit(state);
    return {
      provider: state.provider.id,
      status: evidence.status,
      source: evidence.source,
      latencyMs: evidence.source === 'probe' ? state.probe?.latencyMs : (traffic.p50Ms ?? state.probe?.latencyMs),
      checkedAt: evidence.source === 'probe' ? state.probe?.at : evidence.source === 'traffic' ? Math.max(...windows.map((w) => w.lastAt ?? 0)) : undefined,
      lastError,
      traffic,
      circuit,
      ...(circuit === 'open' ? openUntil(this.#breakers, state.provider.id, this.#breakerModels(state)) : {}),
      ...cooldownUntil(this.#breakers, state.provider.id, this.#breakerModels(state)),
      consecutiveProbeFailures: state.consecutiveProbeFailures,
      models: modelNames.map((model) => {
        const modelEvidence = this.#modelEvidence(state, model, now);
        const window = state.windows.get(model);
        const probe = state.modelProbes.get(model);
        const summary = window?.summary(since) ?? { attempts: 0, successRate: undefined, p50Ms: undefined, p95Ms: undefined };
        return {
          model,
          status: modelEvidence.status,
          source: modelEvidence.source,
          latencyMs: modelEvidence.source === 'probe' ? (probe ?? state.probe)?.latencyMs : summary.p50Ms,
          checkedAt: modelEvidence.source === 'probe' ? (probe ?? state.probe)?.at : window?.lastAt,
          lastError: [probe?.error, window?.lastError].filter((e): e is HealthError => e !== undefined).sort((a, b) => b.at - a.at)[0],
          traffic: summary,
          circuit: this.#breakers.state(state.provider.id, model),
          ...openUntil(this.#breakers, state.provider.id, [model]),
          ...cooldownUntil(this.#breakers, state.provider.id, [model]),
        };
      }),
    };
  }

  /** Background probing: one round at a time (never overlapping), providers that stay down backed off. */
  #schedule(delayMs: number): void {
    if (this.#closed) return;
    // Nobody awaits background checks: their timer must not keep the host's process alive.
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        if (this.#round) return this.#schedule(this.#options.intervalMs!);
        this.#round = this.#backgroundRound().finally(() => {
          this.#round = undefined;
          this.#schedule(this.#options.intervalMs!);
        });
      },
      delayMs,
      { background: true },
    );
  }

  /** The wait before a provider's next background probe: the interval, doubled for each failure in a row (up to maxBackoffMs). */
  #backoff(state: ProviderState): number {
    const interval = this.#options.intervalMs!;
    return state.consecutiveProbeFailures > 0 ? Math.min(interval * 2 ** state.consecutiveProbeFailures, this.#options.maxBackoffMs) : interval;
  }

  async #backgroundRound(): Promise<void> {
    const now = this.#clock.now();
    const interval = this.#options.intervalMs!;
    const due = [...this.#states.values()].filter((state) => state.nextProbeAt <= now);
    await runWithConcurrency(
      due.map((state) => async () => {
        // With replicas sharing a store, one of them probes each provider per interval; the others read its result.
        if (!(await this.#store.acquireLease(`probe:${state.provider.id}`, { now: this.#clock.now(), ttlMs: interval }))) {
          state.nextProbeAt = this.#clock.now() + interval - 1;
          return;
        }
        await this.#probe(state, undefined, {}, true);
        state.nextProbeAt = this.#clock.now() + this.#backoff(state) - 1;
      }),
      this.#options.concurrency,
    );
  }
}

/** `circuitOpenUntil`: the earliest end of a cooldown among these models' open circuits, when any is open. */
function openUntil(breakers: CircuitBreakers, provider: string, models: readonly string[]): Pick<ModelHealth, 'circuitOpenUntil'> {
  const until = earliest(models, (model) => breakers.openUntil(provider, model));
  return until === undefined ? {} : { circuitOpenUntil: until };
}

/** `cooldownUntil`: the earliest end of these models' Retry-After cooldowns, when any runs. */
function cooldownUntil(breakers: CircuitBreakers, provider: string, models: readonly string[]): Pick<ModelHealth, 'cooldownUntil'> {
  const until = earliest(models, (model) => breakers.cooldownUntil(provider, model));
  return until === undefined ? {} : { cooldownUntil: until };
}

/** The earliest of the models' deadlines, when any has one. */
function earliest(models: readonly string[], deadline: (model: string) => number | undefined): number | undefined {
  let first: number | undefined;
  for (const model of models) {
    const until = deadline(model);
    if (until !== undefined && (first === undefined || until < first)) first = until;
  }
  return first;
}

function mergeTraffic(summaries: ReturnType<TrafficWindow['summary']>[]): ProviderHealth['traffic'] {
  const attempts = summaries.reduce((sum, summary) => sum + summary.attempts, 0);
  if (attempts === 0) return { attempts: 0, successRate: undefined, p50Ms: undefined, p95Ms: undefined };
  const successes = summaries.reduce((sum, summary) => sum + (summary.successRate ?? 0) * summary.attempts, 0);
  // Percentiles of the busiest model stand for the provider: merging percentiles exactly would need the samples.
  const busiest = [...summaries].sort((a, b) => b.attempts - a.attempts)[0]!;
  return { attempts, successRate: successes / attempts, p50Ms: busiest.p50Ms, p95Ms: busiest.p95Ms };
}
