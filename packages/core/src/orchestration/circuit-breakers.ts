import { blockedUntil, type CircuitPolicy, type CircuitRecord, circuitKey, isBlocked, parseCircuitKey, successChanges } from '../store/circuit-record.js';
import type { StateStore } from '../store/state-store.js';
import { classifyError } from './classify-error.js';
import type { Clock } from './clock.js';

/** What a call turned away while a trial call is under way is told to wait. */
const TRIAL_WAIT_MS = 1_000;

/** Options for {@link CircuitBreakers}. */
export interface CircuitBreakersOptions {
  failureThreshold: number;
  cooldownMs: number;
  clock: Clock;
  /** Where the records live (this process, or shared by every replica). */
  store: StateStore;
  /** How long a half-open trial holds its pair at most (the longest an attempt may take): a replica that dies mid-trial frees it then. */
  trialLeaseMs: number;
  /** Called when a pair's circuit changes state, here or on another replica (the registry reports it and tells health). */
  onChange(change: { provider: string; model: string; state: 'open' | 'half-open' | 'closed' }): void;
}

/** Wraps failures that say nothing about the provider (the caller's abort), so its breaker ignores them. */
export class NotAProviderFault {
  constructor(readonly error: unknown) {}
}

/**
 * A call the circuit turned away: nothing was sent. Carries the flag the fallback loop and error
 * classification look for (`isBrokenCircuitError`, as cockatiel's circuit errors do).
 */
export class CircuitRefusal extends Error {
  readonly isBrokenCircuitError = true;
  constructor(
    readonly provider: string,
    readonly model: string,
  ) {
    super(`The circuit of ${provider}/${model} is open: no request was sent.`);
    this.name = 'CircuitRefusal';
  }
}

/**
 * One circuit per provider and model, kept in the registry's store (so every replica sharing it
 * sees the same circuits): after `failureThreshold` failures in a row (counted by every replica)
 * the pair cools down for `cooldownMs`; then one call, fleet-wide, is its trial (half-open), which
 * closes the circuit on success or opens it again for twice as long (up to 10×) on failure. A
 * `Retry-After` the provider sends (one longer than a call sleeps through) keeps the pair off
 * limits until then, everywhere (a later
 * deadline extends it, an earlier one never shortens it). Only failures that say something about
 * the provider count: the caller's bad input does not. Reads are the store's local view (no I/O);
 * the rules are `store/circuit-record.ts`.
 */
export class CircuitBreakers {
  readonly #options: CircuitBreakersOptions;
  readonly #policy: CircuitPolicy;

  constructor(options: CircuitBreakersOptions) {
    this.#options = options;
    this.#policy = { failureThreshold: options.failureThreshold, cooldownMs: options.cooldownMs, maxCooldownMs: options.cooldownMs * 10 };
  }

  /**
   * Runs one attempt through the pair's circuit: refused (a {@link CircuitRefusal}, nothing sent)
   * while it is open, cooling down or another call holds its trial; past the cooldown this call
   * claims the trial. The attempt's outcome is counted.
   */
  async run<T>(provider: string, model: string, attempt: () => Promise<T>): Promise<T> {
    const key = circuitKey(provider, model);
    const { store, clock } = this.#options;
    const record = store.circuit(key);
    let trial = false;
    if (record !== undefined) {
      const now = clock.now();
      if (isBlocked(record, now)) throw new CircuitRefusal(provider, model);
      if (record.openUntil > 0) {
        trial = await store.claimTrial(key, { now, leaseMs: this.#options.trialLeaseMs });
        if (!trial) throw new CircuitRefusal(provider, model);
      }
    }
    let value: T;
    try {
      value = await attempt();
    } catch (error) {
      this.#failed(key, error, trial);
      throw error;
    }
    this.#succeeded(key);
    return value;
  }

  /** Counts a failure that happened outside an attempt (a stream that broke after its first text). */
  recordFailure(provider: string, model: string, error: unknown): void {
    this.#failed(circuitKey(provider, model), error, false);
  }

  /** The provider asked to be left alone for `retryAfterMs` (a 429's `Retry-After`): every replica keeps off the pair until then. */
  coolDown(provider: string, model: string, retryAfterMs: number): void {
    const now = this.#options.clock.now();
    this.#options.store.coolDown(circuitKey(provider, model), { now, until: now + retryAfterMs });
  }

  /**
   * True when a call to the pair would be turned away now: its circuit is open and cooling down, its
   * cooldown is over and another call is already the trial, or the provider asked to wait.
   */
  refuses(provider: string, model: string): boolean {
    const record = this.#options.store.circuit(circuitKey(provider, model));
    return record !== undefined && isBlocked(record, this.#options.clock.now());
  }

  /** Like {@link refuses}, without the provider's own Retry-After (which a retry of the same call waits out). */
  circuitRefuses(provider: string, model: string): boolean {
    const record = this.#options.store.circuit(circuitKey(provider, model));
    if (record === undefined) return false;
    const now = this.#options.clock.now();
    return record.openUntil > now || (record.openUntil > 0 && record.trialUntil > now);
  }

  /**
   * How long until the pair takes a call again: the rest of its cooldown (or of the provider's
   * Retry-After), or, while a trial call is under way, a second (the trial's outcome decides). 0
   * when it takes calls now.
   */
  retryAfterMs(provider: string, model: string): number {
    const record = this.#options.store.circuit(circuitKey(provider, model));
    if (record === undefined) return 0;
    const now = this.#options.clock.now();
    const until = blockedUntil(record, now);
    if (until === 0) return 0;
    const trialOnly = record.openUntil <= now && record.retryAfterUntil <= now;
    return trialOnly ? Math.min(TRIAL_WAIT_MS, until - now) : until - now;
  }

  /** The threshold, for messages. */
  get failureThreshold(): number {
    return this.#options.failureThreshold;
  }

  /** True while the pair's circuit is open and its cooldown has not run out. */
  isCoolingDown(provider: string, model: string): boolean {
    return this.openUntil(provider, model) !== undefined;
  }

  /** True while the provider's own Retry-After keeps the pair off limits. */
  isWaitingOut(provider: string, model: string): boolean {
    return this.cooldownUntil(provider, model) !== undefined;
  }

  /**
   * When an open circuit's cooldown ends and its next call may probe the pair (epoch ms on the
   * breakers' clock); undefined unless the circuit is open and cooling down. Read-only.
   */
  openUntil(provider: string, model: string): number | undefined {
    const openUntil = this.#options.store.circuit(circuitKey(provider, model))?.openUntil ?? 0;
    return openUntil > this.#options.clock.now() ? openUntil : undefined;
  }

  /** When the provider's Retry-After for the pair ends (epoch ms); undefined when none runs. */
  cooldownUntil(provider: string, model: string): number | undefined {
    const until = this.#options.store.circuit(circuitKey(provider, model))?.retryAfterUntil ?? 0;
    return until > this.#options.clock.now() ? until : undefined;
  }

  /**
   * `closed`, `open`, `half-open` or `isolated`, for health reports. An open circuit whose cooldown
   * is over reads `half-open`: the next call is its probe (reading `open` would rank it last forever).
   */
  state(provider: string, model: string): 'closed' | 'open' | 'half-open' | 'isolated' {
    return phaseOf(this.#options.store.circuit(circuitKey(provider, model)), this.#options.clock.now());
  }

  /** Every pair the store has a record of, with its state. */
  states(): { provider: string; model: string; state: ReturnType<CircuitBreakers['state']> }[] {
    const now = this.#options.clock.now();
    return [...this.#options.store.circuits()].map(([key, record]) => ({ ...parseCircuitKey(key), state: phaseOf(record, now) }));
  }

  /**
   * The store says a pair's record changed (here or on another replica): report the circuit's
   * transitions. Open: it was not open and is now, or it opened again (a failed trial). Half-open:
   * a trial was claimed. Closed: it was open and is not any more.
   */
  changed(key: string, record: CircuitRecord | undefined, previous: CircuitRecord | undefined): void {
    const wasOpen = (previous?.openUntil ?? 0) > 0;
    const isOpen = (record?.openUntil ?? 0) > 0;
    let state: 'open' | 'half-open' | 'closed' | undefined;
    if (!wasOpen && isOpen) state = 'open';
    else if (wasOpen && !isOpen) state = 'closed';
    else if (wasOpen && isOpen) {
      if (record!.openUntil !== previous!.openUntil && record!.trialUntil === 0) state = 'open';
      else if (record!.trialUntil > previous!.trialUntil && record!.trialUntil > this.#options.clock.now()) state = 'half-open';
    }
    if (state) this.#options.onChange({ ...parseCircuitKey(key), state });
  }

  #failed(key: string, error: unknown, trial: boolean): void {
    const now = this.#options.clock.now();
    if (!(error instanceof NotAProviderFault) && classifyError(error).action !== 'fatal') {
      this.#options.store.recordFailure(key, { now, policy: this.#policy, trial });
      return;
    }
    // A trial ended by something that is not the provider's fault (the caller's mistake, an abort)
    // showed it answering or showed nothing: the circuit closes, as it would on a success.
    if (trial) this.#options.store.recordSuccess(key, { now, policy: this.#policy });
  }

  #succeeded(key: string): void {
    const { store, clock } = this.#options;
    const now = clock.now();
    // Checked without I/O: on the usual call there is no record and nothing to say.
    if (successChanges(store.circuit(key), now)) store.recordSuccess(key, { now, policy: this.#policy });
  }
}

function phaseOf(record: CircuitRecord | undefined, now: number): 'closed' | 'open' | 'half-open' {
  if (!record || record.openUntil === 0) return 'closed';
  return record.openUntil > now ? 'open' : 'half-open';
}
