import type { Clock } from './clock.js';

/** How many retries a provider may take, shared by every call of a registry. */
export interface RetryBudgetOptions {
  /**
   * Retries allowed per request sent to the provider in the window: 0.2 lets retries add at most
   * 20% to the load (the share Envoy and Finagle default to). @default 0.2
   */
  ratio?: number;
  /** Retries allowed in any window whatever the traffic, so a quiet registry still retries. @default 10 */
  minRetries?: number;
  /** The window requests and retries are counted over. @default 10_000 */
  windowMs?: number;
}

export type ResolvedRetryBudgetOptions = Required<RetryBudgetOptions>;

export const DEFAULT_RETRY_BUDGET: ResolvedRetryBudgetOptions = { ratio: 0.2, minRetries: 10, windowMs: 10_000 };

/** Buckets per window: counts expire a tenth of a window at a time. */
const BUCKETS = 10;

interface Counts {
  /** Per bucket, the bucket's index in time (`floor(now / bucketMs)`), its requests and its retries. */
  epochs: number[];
  requests: number[];
  retries: number[];
}

/**
 * A retry budget per provider (Envoy's and gRPC's answer to retry storms): over a sliding window,
 * retries may number at most `minRetries + ratio × requests`. When a provider fails for everyone,
 * each call still gets its first attempt, but retries stop adding load once the budget is spent,
 * so an outage is not multiplied by the attempts each call would make. Counts live in ten buckets
 * per window: constant memory per provider, constant time per call.
 */
export class RetryBudget {
  readonly #options: ResolvedRetryBudgetOptions;
  readonly #clock: Clock;
  readonly #bucketMs: number;
  readonly #byProvider = new Map<string, Counts>();

  constructor(options: ResolvedRetryBudgetOptions, clock: Clock) {
    this.#options = options;
    this.#clock = clock;
    this.#bucketMs = Math.max(1, options.windowMs / BUCKETS);
  }

  /** A call's first attempt on `provider`. */
  recordRequest(provider: string): void {
    this.#bucket(provider, (counts, index) => counts.requests[index]!++);
  }

  /** Takes one retry from the budget when there is room: true when the retry may go. */
  tryRetry(provider: string): boolean {
    const { requests, retries } = this.totals(provider);
    if (retries + 1 > this.#options.minRetries + this.#options.ratio * requests) return false;
    this.#bucket(provider, (counts, index) => counts.retries[index]!++);
    return true;
  }

  /** Requests and retries within the window. */
  totals(provider: string): { requests: number; retries: number } {
    const counts = this.#byProvider.get(provider);
    if (!counts) return { requests: 0, retries: 0 };
    const now = Math.floor(this.#clock.now() / this.#bucketMs);
    let requests = 0;
    let retries = 0;
    for (let index = 0; index < BUCKETS; index++) {
      if (now - counts.epochs[index]! >= BUCKETS) continue;
      requests += counts.requests[index]!;
      retries += counts.retries[index]!;
    }
    return { requests, retries };
  }

  #bucket(provider: string, add: (counts: Counts, index: number) => void): void {
    let counts = this.#byProvider.get(provider);
    if (!counts) {
      counts = {
        epochs: new Array<number>(BUCKETS).fill(Number.NEGATIVE_INFINITY),
        requests: new Array<number>(BUCKETS).fill(0),
        retries: new Array<number>(BUCKETS).fill(0),
      };
      this.#byProvider.set(provider, counts);
    }
    const epoch = Math.floor(this.#clock.now() / this.#bucketMs);
    const index = ((epoch % BUCKETS) + BUCKETS) % BUCKETS;
    if (counts.epochs[index] !== epoch) {
      counts.epochs[index] = epoch;
      counts.requests[index] = 0;
      counts.retries[index] = 0;
    }
    add(counts, index);
  }
}
