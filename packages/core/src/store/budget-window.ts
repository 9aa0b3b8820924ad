import { BUDGET_WINDOW_MS, type BudgetDecision, type BudgetLimits, type BudgetRefusal, type BudgetRequest, type BudgetUse } from './budget.js';

interface Entry {
  id: string;
  at: number;
  tokens: number;
}

/**
 * One budget's sliding window, in memory: every request of the last 60 seconds with its tokens,
 * and the reservations in flight. A sliding log rather than fixed one-minute buckets: a fixed
 * window lets twice the limit through around a bucket's edge, which the provider (counting its
 * own way) then refuses, the very thing a budget is there to prevent. It costs one entry per
 * request of the last minute, and each entry is added once and dropped once. The Redis store's
 * scripts keep the same log in a sorted set and follow the same rules (`reserve` below).
 */
export class BudgetWindow {
  /** Oldest first; `#head` is the first still in the window. */
  #entries: Entry[] = [];
  #head = 0;
  readonly #byId = new Map<string, Entry>();
  #tokens = 0;
  /** Reservation id → when its concurrency slot is given back at the latest. */
  readonly #inFlight = new Map<string, number>();

  /**
   * Reserves one request if every limit has room: one more request within `rpm`, its tokens within
   * `tpm`, one more call within `concurrency`. All or nothing. `limits` may be a share of the
   * request's own (a replica's share while the shared store is down).
   */
  reserve(request: BudgetRequest, limits: BudgetLimits = request.limits): BudgetDecision {
    const { now } = request;
    this.#trim(now);
    const refusals: BudgetRefusal[] = [];
    const count = this.#entries.length - this.#head;
    if (limits.rpm !== undefined && count + 1 > limits.rpm) {
      const freeing = this.#entries[this.#head + count - limits.rpm]!;
      refusals.push(refusal('rpm', count, limits.rpm, freeing.at + BUDGET_WINDOW_MS - now));
    }
    if (limits.tpm !== undefined && this.#tokens + request.tokens > limits.tpm) {
      if (request.tokens > limits.tpm) refusals.push({ ...refusal('tpm', this.#tokens, limits.tpm, undefined), reason: 'too-large' });
      else refusals.push(refusal('tpm', this.#tokens, limits.tpm, this.#tokensFreeAt(this.#tokens + request.tokens - limits.tpm) - now));
    }
    if (limits.concurrency !== undefined && this.#inFlight.size + 1 > limits.concurrency) {
      refusals.push(refusal('concurrency', this.#inFlight.size, limits.concurrency, undefined));
    }
    if (refusals.length > 0) return pickRefusal(refusals);
    const entry = { id: request.id, at: now, tokens: request.tokens };
    this.#insert(entry);
    this.#byId.set(entry.id, entry);
    this.#tokens += entry.tokens;
    if (limits.concurrency !== undefined) this.#inFlight.set(entry.id, now + request.holdMs);
    return { granted: true, local: false };
  }

  /** The real token count replaces the estimate (while the request is still in the window), and the slot is given back. */
  settle(id: string, tokens: number, now: number): void {
    this.#inFlight.delete(id);
    this.#trim(now);
    const entry = this.#byId.get(id);
    if (!entry) return;
    this.#tokens += tokens - entry.tokens;
    entry.tokens = tokens;
  }

  /** Use of each limit the budget has. */
  use(limits: BudgetLimits, now: number): Pick<BudgetUse, 'rpm' | 'tpm' | 'concurrency'> {
    this.#trim(now);
    const oldest = this.#entries[this.#head];
    const resets = oldest ? { resetsAt: oldest.at + BUDGET_WINDOW_MS } : {};
    return {
      ...(limits.rpm !== undefined ? { rpm: { used: this.#entries.length - this.#head, limit: limits.rpm, ...resets } } : {}),
      ...(limits.tpm !== undefined ? { tpm: { used: this.#tokens, limit: limits.tpm, ...resets } } : {}),
      ...(limits.concurrency !== undefined ? { concurrency: { used: this.#inFlight.size, limit: limits.concurrency } } : {}),
    };
  }

  /** True when nothing is left in the window (the store may drop it). */
  isEmpty(now: number): boolean {
    this.#trim(now);
    return this.#head === this.#entries.length && this.#inFlight.size === 0;
  }

  #trim(now: number): void {
    const oldest = now - BUDGET_WINDOW_MS;
    const entries = this.#entries;
    while (this.#head < entries.length && entries[this.#head]!.at <= oldest) {
      const entry = entries[this.#head++]!;
      this.#byId.delete(entry.id);
      this.#tokens -= entry.tokens;
    }
    if (this.#head > 1024 && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
    for (const [id, until] of this.#inFlight) if (until <= now) this.#inFlight.delete(id);
  }

  /** When enough of the oldest requests have left the window to free `needed` tokens. */
  #tokensFreeAt(needed: number): number {
    let freed = 0;
    for (let index = this.#head; index < this.#entries.length; index++) {
      const entry = this.#entries[index]!;
      freed += entry.tokens;
      if (freed >= needed) return entry.at + BUDGET_WINDOW_MS;
    }
    return this.#entries.at(-1)!.at + BUDGET_WINDOW_MS;
  }

  /** Appends in time order (a clock may step back: then the entry goes where its time says). */
  #insert(entry: Entry): void {
    const entries = this.#entries;
    let index = entries.length;
    while (index > this.#head && entries[index - 1]!.at > entry.at) index--;
    entries.splice(index, 0, entry);
  }
}

function refusal(limit: BudgetRefusal['limit'], used: number, max: number, retryAfterMs: number | undefined): BudgetRefusal {
  return { granted: false, limit, used, max, retryAfterMs, reason: 'exhausted' };
}

/**
 * The refusal to report when several limits are full: one that can never fit first, else the
 * longest known wait (the request fits only once every limit has room), else `concurrency`.
 */
export function pickRefusal(refusals: readonly BudgetRefusal[]): BudgetRefusal {
  const tooLarge = refusals.find((each) => each.reason === 'too-large');
  if (tooLarge) return tooLarge;
  return refusals.reduce((longest, each) => ((each.retryAfterMs ?? -1) > (longest.retryAfterMs ?? -1) ? each : longest));
}

/** A replica's share of each limit while the shared store is down: `limit / replicas`, at least 1. */
export function shareOf(limits: BudgetLimits, replicas: number): BudgetLimits {
  const share = (limit: number | undefined) => (limit === undefined ? undefined : Math.max(1, Math.floor(limit / Math.max(1, replicas))));
  const rpm = share(limits.rpm);
  const tpm = share(limits.tpm);
  const concurrency = share(limits.concurrency);
  return { ...(rpm !== undefined ? { rpm } : {}), ...(tpm !== undefined ? { tpm } : {}), ...(concurrency !== undefined ? { concurrency } : {}) };
}
