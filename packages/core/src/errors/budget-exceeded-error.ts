import { RateLimitError } from './rate-limit-error.js';

/** Whose budget ran out: a provider's (`limits` of `createRegistry`) or the caller's own (`CallOptions.budget`, a gateway's client key). */
export type BudgetScope = 'provider' | 'caller';

/** Options of {@link BudgetExceededError}. */
export interface BudgetExceededErrorOptions {
  /** The budget's name: the provider id, or the caller's budget name (`key:alice`). */
  budget: string;
  scope: BudgetScope;
  /** Which limit: requests a minute, tokens a minute, or calls at once. */
  limit: 'rpm' | 'tpm' | 'concurrency';
  /** In use when the request was refused. */
  used: number;
  /** The limit (this replica's share, when the shared store was down). */
  max: number;
  /** When the request would fit, from now; undefined when unknown (`concurrency`) or never (`too-large`). */
  retryAfterMs: number | undefined;
  /** `exhausted`: the window is full; `too-large`: the request alone needs more than `tpm`; `store-down`: the shared store is unreachable and the budget refuses then. */
  reason: 'exhausted' | 'too-large' | 'store-down';
  /** Tokens the request would have reserved. */
  tokens?: number;
  /** The provider whose budget it is (`''` for a caller's budget). */
  provider: string;
  /** The model the call was for. */
  model: string;
  /** Other budgets that refused the same call (every candidate's), for the message. */
  others?: readonly BudgetExceededError[];
}

const UNITS = { rpm: 'requests', tpm: 'tokens', concurrency: 'calls at once' } as const;

/**
 * A request was not sent because it would exceed a budget: a provider's `limits` (every candidate
 * refused, so the call had nowhere to go) or the caller's own. A `RateLimitError`, so whatever
 * handles a provider's 429 handles it too (the gateway answers 429 with `Retry-After`); it says
 * which budget, how full, and when it refills.
 */
export class BudgetExceededError extends RateLimitError {
  static override readonly errorName: string = 'BudgetExceededError';
  override readonly name: string = 'BudgetExceededError';
  override readonly code: string = 'budget-exceeded';

  readonly budget: string;
  readonly scope: BudgetScope;
  readonly limit: 'rpm' | 'tpm' | 'concurrency';
  readonly used: number;
  readonly max: number;
  readonly reason: 'exhausted' | 'too-large' | 'store-down';
  /** Tokens the request would have reserved. */
  readonly tokens: number | undefined;
  readonly others: readonly BudgetExceededError[];

  constructor(options: BudgetExceededErrorOptions) {
    const others = options.others ?? [];
    const also = others.length > 0 ? ` Also refused: ${others.map((other) => describe(other)).join('; ')}.` : '';
    super({
      message: `${describe(options)}.${also}`,
      provider: options.provider,
      model: options.model,
      ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
    });
    this.budget = options.budget;
    this.scope = options.scope;
    this.limit = options.limit;
    this.used = options.used;
    this.max = options.max;
    this.reason = options.reason;
    this.tokens = options.tokens;
    this.others = others;
  }
}

function describe(budget: Pick<BudgetExceededErrorOptions, 'budget' | 'scope' | 'limit' | 'used' | 'max' | 'retryAfterMs' | 'reason' | 'tokens'>): string {
  const whose = budget.scope === 'provider' ? `of provider '${budget.budget}'` : `'${budget.budget}'`;
  const head = `Budget ${budget.limit} ${whose}`;
  const per = budget.limit === 'concurrency' ? '' : ' a minute';
  if (budget.reason === 'too-large')
    return `${head}: this request needs about ${budget.tokens ?? budget.used} tokens, more than the whole budget of ${budget.max}${per}`;
  if (budget.reason === 'store-down') return `${head} cannot be checked: the shared store is unreachable and this budget refuses then (onStoreDown: 'refuse')`;
  const refill =
    budget.retryAfterMs === undefined ? 'a slot frees when a call in flight ends' : `it refills in ${Math.max(1, Math.ceil(budget.retryAfterMs / 1000))} s`;
  return `${head} is used up (${budget.used} of ${budget.max} ${UNITS[budget.limit]}${per}); ${refill}`;
}
