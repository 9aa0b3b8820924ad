/** The limits a budget can have. */
export type BudgetLimitName = 'rpm' | 'tpm' | 'concurrency';

/** A budget: requests a minute, tokens a minute, calls at once. Each is optional; a budget without any limits nothing. */
export interface BudgetLimits {
  /** Requests in any 60 seconds. @example 30 */
  rpm?: number;
  /** Tokens (prompt and answer) in any 60 seconds. @example 60_000 */
  tpm?: number;
  /** Requests in flight at once. @example 4 */
  concurrency?: number;
}

/**
 * What a budget does while a shared store cannot be reached: `local-share` lets each replica use
 * its share (`limit / replicas`, the last count seen, at least 1); `refuse` fails closed (a hard
 * spending cap).
 */
export type StoreDownPolicy = 'local-share' | 'refuse';

/** Length of a budget's window: `rpm` and `tpm` count the last 60 seconds, sliding. */
export const BUDGET_WINDOW_MS = 60_000;

/** One reservation, made before a request is sent. */
export interface BudgetRequest {
  /** The budget's name: `provider:groq`, `caller:key:alice`. */
  budget: string;
  limits: BudgetLimits;
  /** Unique across the fleet: the reservation's handle for `settle`. */
  id: string;
  /** Tokens counted against `tpm` until settled. */
  tokens: number;
  now: number;
  /** A concurrency slot is given back by `settle`, or after this long at the latest (a replica that died holding it). */
  holdMs: number;
  onStoreDown: StoreDownPolicy;
}

/** What `reserve` answers. */
export type BudgetDecision =
  | {
      granted: true;
      /** Granted from this replica's share while the shared store was unreachable. */
      local: boolean;
    }
  | BudgetRefusal;

/** A reservation refused: which limit, how full, and when it would fit. */
export interface BudgetRefusal {
  granted: false;
  limit: BudgetLimitName;
  /** In use now (requests, tokens or calls, by the limit). */
  used: number;
  /** The limit (this replica's share when `local`). */
  max: number;
  /**
   * When the request would fit, from now (undefined: unknown, as for `concurrency`, where a slot
   * frees when a call ends, or `too-large`, where it never fits).
   */
  retryAfterMs: number | undefined;
  /** `exhausted`: the window is full; `too-large`: one request needs more tokens than `tpm`; `store-down`: the store is unreachable and the budget refuses then. */
  reason: 'exhausted' | 'too-large' | 'store-down';
}

/** The end of a reservation: the real token count, and the concurrency slot given back. */
export interface BudgetSettlement {
  budget: string;
  id: string;
  /** Tokens the request really used (replaces the reserved estimate). */
  tokens: number;
  now: number;
}

/** What `budgetUse` is asked. */
export interface BudgetUseRequest {
  budget: string;
  limits: BudgetLimits;
  now: number;
}

/** One limit's use. */
export interface LimitUse {
  used: number;
  limit: number;
  /** When the oldest request leaves the window and use drops (epoch ms): `rpm` and `tpm` only, while anything is in the window. */
  resetsAt?: number;
}

/** How much of a budget is in use. */
export interface BudgetUse {
  budget: string;
  /** False when read from this replica's local share (the shared store unreachable, or a local store). */
  shared: boolean;
  rpm?: LimitUse;
  tpm?: LimitUse;
  concurrency?: LimitUse;
}
