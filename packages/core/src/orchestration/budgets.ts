import { BudgetExceededError, type BudgetScope } from '../errors/budget-exceeded-error.js';
import type { BudgetRefusal, LimitUse } from '../store/budget.js';
import type { StateStore } from '../store/state-store.js';
import type { ResolvedLimits } from './budget-options.js';
import type { Clock } from './clock.js';

/** A reservation held by one attempt (a provider's budget) or one call (the caller's). */
export interface Reservation {
  /** The budget's name in the store. */
  budget: string;
  id: string;
  /** The prompt's estimated tokens: what a failed request is settled with. */
  promptTokens: number;
  settled: boolean;
}

/** One budget's use, as `registry.health()` reports it. */
export interface BudgetReport {
  /** The provider id, or the caller's budget name (`key:alice`). */
  name: string;
  scope: BudgetScope;
  /** False when read from this replica's local share (a local store, or a shared one that is down). */
  shared: boolean;
  rpm?: LimitUse;
  tpm?: LimitUse;
  concurrency?: LimitUse;
}

/** What a reservation is for. */
export interface ReserveRequest {
  model: string;
  promptTokens: number;
  /** The call's own limit on the answer, when it sets one. */
  maxOutputTokens: number | undefined;
  /** The longest the request can take (its concurrency slot is given back then at the latest). */
  holdMs: number;
}

/** Caller budgets remembered for reports; the oldest are forgotten past this many. */
const MAX_CALLER_BUDGETS = 1_000;

// node:crypto (reservation ids) loads with the first reservation, not with core: a process that
// spends no budget never pays for it.
let crypto: typeof import('node:crypto') | undefined;

/**
 * The budgets of a registry: each provider's `limits`, and the caller budgets calls bring. Reserves
 * in the store before a request (tokens: the prompt's estimate plus the answer's `maxOutputTokens`
 * or the budget's `expectedOutputTokens`), settles after with what the request really used.
 */
export class Budgets {
  readonly #store: StateStore;
  readonly #providers: ReadonlyMap<string, ResolvedLimits>;
  readonly #callers = new Map<string, ResolvedLimits>();
  readonly #clock: Clock;

  constructor({ store, providers, clock }: { store: StateStore; providers: ReadonlyMap<string, ResolvedLimits>; clock: Clock }) {
    this.#store = store;
    this.#providers = providers;
    this.#clock = clock;
  }

  /** Whether any provider has a budget (else a call estimates no tokens). */
  get active(): boolean {
    return this.#providers.size > 0;
  }

  /** Whether the provider has a budget (checked on every attempt without allocating). */
  has(provider: string): boolean {
    return this.#providers.size > 0 && this.#providers.has(provider);
  }

  /** One attempt on a provider with a budget: the reservation, or the error saying why not. */
  async reserveAttempt(provider: string, request: ReserveRequest): Promise<Reservation | BudgetExceededError> {
    return this.#reserve({ name: provider, scope: 'provider', limits: this.#providers.get(provider)!, provider }, request);
  }

  /** A call's own budget: the reservation, or a `BudgetExceededError` thrown. */
  async reserveCall(budget: ResolvedLimits & { name: string }, request: ReserveRequest): Promise<Reservation> {
    this.#callers.delete(budget.name);
    this.#callers.set(budget.name, budget);
    if (this.#callers.size > MAX_CALLER_BUDGETS) this.#callers.delete(this.#callers.keys().next().value!);
    const reserved = await this.#reserve({ name: budget.name, scope: 'caller', limits: budget, provider: '' }, request);
    if (BudgetExceededError.isInstance(reserved)) throw reserved;
    return reserved;
  }

  /** Ends a reservation with the tokens really used; once only (later calls do nothing). */
  settle(reservation: Reservation, tokens: number): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.#store.settle({ budget: reservation.budget, id: reservation.id, tokens, now: this.#clock.now() });
  }

  /** Every provider budget and every caller budget seen, with its use now. */
  async report(): Promise<BudgetReport[]> {
    const now = this.#clock.now();
    const budgets = [
      ...[...this.#providers].map(([name, limits]) => ({ name, scope: 'provider' as const, limits })),
      ...[...this.#callers].map(([name, limits]) => ({ name, scope: 'caller' as const, limits })),
    ];
    return Promise.all(
      budgets.map(async ({ name, scope, limits }) => {
        const { budget: _, ...use } = await this.#store.budgetUse({ budget: storeName(scope, name), limits, now });
        return { name, scope, ...use };
      }),
    );
  }

  async #reserve(
    { name, scope, limits, provider }: { name: string; scope: BudgetScope; limits: ResolvedLimits; provider: string },
    { model, promptTokens, maxOutputTokens, holdMs }: ReserveRequest,
  ): Promise<Reservation | BudgetExceededError> {
    const budget = storeName(scope, name);
    const tokens = promptTokens + (maxOutputTokens ?? limits.expectedOutputTokens);
    const id = (crypto ??= process.getBuiltinModule('node:crypto')).randomUUID();
    const decision = await this.#store.reserve({ budget, limits, id, tokens, now: this.#clock.now(), holdMs, onStoreDown: limits.onStoreDown });
    if (decision.granted) return { budget, id, promptTokens, settled: false };
    return exceeded(decision, { name, scope, provider, model, tokens });
  }
}

/** A budget's name in the store: providers and callers never collide. */
function storeName(scope: BudgetScope, name: string): string {
  return `${scope}:${name}`;
}

function exceeded(refusal: BudgetRefusal, facts: { name: string; scope: BudgetScope; provider: string; model: string; tokens: number }): BudgetExceededError {
  return new BudgetExceededError({
    budget: facts.name,
    scope: facts.scope,
    limit: refusal.limit,
    used: refusal.used,
    max: refusal.max,
    retryAfterMs: refusal.retryAfterMs,
    reason: refusal.reason,
    tokens: facts.tokens,
    provider: facts.provider,
    model: facts.model,
  });
}
