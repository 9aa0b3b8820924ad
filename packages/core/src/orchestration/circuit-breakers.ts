import { CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { classifyError } from './classify-error.js';
import type { Clock } from './clock.js';
import type { RegistryEvents } from './registry-events.js';

/** Options for {@link CircuitBreakers}. */
export interface CircuitBreakersOptions {
  failureThreshold: number;
  cooldownMs: number;
  clock: Clock;
  events: RegistryEvents;
}

interface Entry {
  policy: CircuitBreakerPolicy;
  openedAt: number | undefined;
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

  /** True while the pair's circuit is open and its cooldown has not run out. */
  isCoolingDown(provider: string, model: string): boolean {
    const entry = this.#entries.get(`${provider}\u0000${model}`);
    if (!entry || entry.policy.state !== CircuitState.Open || entry.openedAt === undefined) return false;
    return this.#options.clock.now() - entry.openedAt < this.#options.cooldownMs;
  }

  /** `closed`, `open`, `half-open` or `isolated`, for health reports. */
  state(provider: string, model: string): 'closed' | 'open' | 'half-open' | 'isolated' {
    const state = this.#entries.get(`${provider}\u0000${model}`)?.policy.state ?? CircuitState.Closed;
    return state === CircuitState.Open ? 'open' : state === CircuitState.HalfOpen ? 'half-open' : state === CircuitState.Isolated ? 'isolated' : 'closed';
  }

  /** Every pair that has a breaker, with its state. */
  states(): { provider: string; model: string; state: ReturnType<CircuitBreakers['state']> }[] {
    return [...this.#entries.keys()].map((key) => {
      const [provider, model] = key.split('\u0000') as [string, string];
      return { provider, model, state: this.state(provider, model) };
    });
  }

  #entry(provider: string, model: string): Entry {
    const key = `${provider}\u0000${model}`;
    let entry = this.#entries.get(key);
    if (entry) return entry;
    const { failureThreshold, cooldownMs, events, clock } = this.#options;
    const policy = circuitBreaker(
      handleWhen((error) => classifyError(error).action !== 'fatal'),
      { halfOpenAfter: cooldownMs, breaker: new ConsecutiveBreaker(failureThreshold) },
    );
    const created: Entry = { policy, openedAt: undefined };
    policy.onBreak(() => {
      created.openedAt = clock.now();
      events.emit('circuit:open', { provider, model });
    });
    policy.onHalfOpen(() => events.emit('circuit:half-open', { provider, model }));
    policy.onReset(() => {
      created.openedAt = undefined;
      events.emit('circuit:close', { provider, model });
    });
    this.#entries.set(key, created);
    entry = created;
    return entry;
  }
}
