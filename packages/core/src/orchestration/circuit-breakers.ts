import type { CircuitBreakerPolicy, IBackoff } from 'cockatiel';
import { createRequire } from 'node:module';
import { classifyError } from './classify-error.js';
import type { Clock } from './clock.js';

// cockatiel costs a quarter of core's import time and is needed only once a call runs: load it
// (synchronously, its CommonJS build) when the first breaker is made.
let cockatiel: typeof import('cockatiel') | undefined;
const loadCockatiel = () => (cockatiel ??= createRequire(import.meta.url)('cockatiel') as typeof import('cockatiel'));

/** What a call turned away while a trial call is under way is told to wait. */
const TRIAL_WAIT_MS = 1_000;

/** cockatiel's `CircuitState` values, read without loading it. */
const CircuitState = { Closed: 0, Open: 1, HalfOpen: 2, Isolated: 3 } as const;

/** Options for {@link CircuitBreakers}. */
export interface CircuitBreakersOptions {
  failureThreshold: number;
  cooldownMs: number;
  clock: Clock;
  /** Called when a pair's circuit changes state (the registry reports it and tells health). */
  onChange(change: { provider: string; model: string; state: 'open' | 'half-open' | 'closed' }): void;
}

/** Wraps failures that say nothing about the provider (the caller's abort), so its breaker ignores them. */
export class NotAProviderFault {
  constructor(readonly error: unknown) {}
}

interface Entry {
  policy: CircuitBreakerPolicy;
  openedAt: number | undefined;
  /** The current cooldown: doubles after each failed probe (up to 10x), back to `cooldownMs` on close. */
  cooldownMs: number;
  probing: boolean;
}

/**
 * One circuit breaker per provider and model (cockatiel's `ConsecutiveBreaker`): after
 * `failureThreshold` failures in a row the pair cools down for `cooldownMs`, then one call probes
 * it (half-open) and closes the circuit again on success. Only failures that say something about
 * the provider count: the caller's bad input does not.
 */
export class CircuitBreakers {
  readonly #entries = new Map<string, Entry>();
  readonly #options: CircuitBreakersOptions;

  constructor(options: CircuitBreakersOptions) {
    this.#options = options;
  }

  /** The breaker of a pair, created on first use. */
  get(provider: string, model: string): CircuitBreakerPolicy {
    return this.#entry(provider, model).policy;
  }

  /** Counts a failure that happened outside an attempt (a stream that broke after its first text). */
  recordFailure(provider: string, model: string, error: unknown): void {
    this.get(provider, model)
      .execute(() => Promise.reject(error))
      .catch(() => {});
  }

  /**
   * True when a call to the pair would be turned away now: its circuit is open and cooling down, or
   * its cooldown is over and another call is already the trial (half-open lets one through).
   */
  refuses(provider: string, model: string): boolean {
    const entry = this.#entries.get(`${provider}\u0000${model}`);
    if (entry === undefined) return false;
    return this.#cooling(entry) || (entry.policy.state as number) === CircuitState.HalfOpen;
  }

  /**
   * How long until the pair takes a call again: the rest of its cooldown, or, while a trial call is
   * under way, a second (the trial's outcome decides). 0 when it takes calls now.
   */
  retryAfterMs(provider: string, model: string): number {
    const entry = this.#entries.get(`${provider}\u0000${model}`);
    if (entry === undefined) return 0;
    if (this.#cooling(entry)) return entry.openedAt! + entry.cooldownMs - this.#options.clock.now();
    return (entry.policy.state as number) === CircuitState.HalfOpen ? TRIAL_WAIT_MS : 0;
  }

  /** The threshold and cooldown, for messages. */
  get failureThreshold(): number {
    return this.#options.failureThreshold;
  }

  /** True while the pair's circuit is open and its cooldown has not run out. */
  isCoolingDown(provider: string, model: string): boolean {
    const entry = this.#entries.get(`${provider}\u0000${model}`);
    return entry !== undefined && this.#cooling(entry);
  }

  /**
   * When an open circuit's cooldown ends and its next call may probe the pair (epoch ms on the
   * breakers' clock); undefined unless the circuit is open and cooling down. Read-only.
   */
  openUntil(provider: string, model: string): number | undefined {
    const entry = this.#entries.get(`${provider}\u0000${model}`);
    return entry !== undefined && this.#cooling(entry) ? entry.openedAt! + entry.cooldownMs : undefined;
  }

  /**
   * `closed`, `open`, `half-open` or `isolated`, for health reports. An open circuit whose cooldown
   * is over reads `half-open`: the next call is its probe (reading `open` would rank it last forever).
   */
  state(provider: string, model: string): 'closed' | 'open' | 'half-open' | 'isolated' {
    const entry = this.#entries.get(`${provider}\u0000${model}`);
    const state: number = entry?.policy.state ?? CircuitState.Closed;
    if (state === CircuitState.Open) return this.#cooling(entry!) ? 'open' : 'half-open';
    return state === CircuitState.HalfOpen ? 'half-open' : state === CircuitState.Isolated ? 'isolated' : 'closed';
  }

  /** Every pair that has a breaker, with its state. */
  states(): { provider: string; model: string; state: ReturnType<CircuitBreakers['state']> }[] {
    return [...this.#entries.keys()].map((key) => {
      const [provider, model] = key.split('\u0000') as [string, string];
      return { provider, model, state: this.state(provider, model) };
    });
  }

  #cooling(entry: Entry): boolean {
    if ((entry.policy.state as number) !== CircuitState.Open || entry.openedAt === undefined) return false;
    return this.#options.clock.now() - entry.openedAt < entry.cooldownMs;
  }

  #entry(provider: string, model: string): Entry {
    const key = `${provider}\u0000${model}`;
    let entry = this.#entries.get(key);
    if (entry) return entry;
    const { failureThreshold, cooldownMs, clock, onChange } = this.#options;
    // cockatiel times the cooldown itself with Date.now() (`Date.now() - openedAt < duration`).
    // This backoff hands that decision to our clock, so the two always agree, in fake time too.
    const untilCooled: IBackoff<unknown> = {
      get duration() {
        return cooling() ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
      },
      next: () => untilCooled,
    };
    const { circuitBreaker, handleWhen, ConsecutiveBreaker } = loadCockatiel();
    const policy = circuitBreaker(
      handleWhen((error) => !(error instanceof NotAProviderFault) && classifyError(error).action !== 'fatal'),
      { halfOpenAfter: { next: () => untilCooled }, breaker: new ConsecutiveBreaker(failureThreshold) },
    );
    const created: Entry = { policy, openedAt: undefined, cooldownMs, probing: false };
    const cooling = () => this.#cooling(created);
    policy.onBreak(() => {
      created.cooldownMs = created.probing ? Math.min(created.cooldownMs * 2, cooldownMs * 10) : cooldownMs;
      created.probing = false;
      created.openedAt = clock.now();
      onChange({ provider, model, state: 'open' });
    });
    policy.onHalfOpen(() => {
      created.probing = true;
      onChange({ provider, model, state: 'half-open' });
    });
    policy.onReset(() => {
      created.openedAt = undefined;
      created.cooldownMs = cooldownMs;
      created.probing = false;
      onChange({ provider, model, state: 'closed' });
    });
    this.#entries.set(key, created);
    entry = created;
    return entry;
  }
}
