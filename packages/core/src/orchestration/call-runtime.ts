import type { ErrorKind } from '../errors/error-kind.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../logging/logger.js';
import type { Budgets } from './budgets.js';
import type { CircuitBreakers } from './circuit-breakers.js';
import type { Clock } from './clock.js';
import type { RetryBudget } from './retry-budget.js';

/** One attempt's outcome, as health keeps it. */
export interface AttemptEvidence {
  provider: string;
  model: string;
  ok: boolean;
  durationMs: number;
  errorKind?: ErrorKind;
  message?: string;
}

/** What a registry shares with every call it runs: built once, read on every call. */
export interface CallRuntime {
  clock: Clock;
  /** Uniform in [0, 1), for jitter and shuffling. */
  random: () => number;
  events: EventHub;
  breakers: CircuitBreakers;
  /** Retries per provider, shared by every call. */
  retryBudget: RetryBudget;
  /** Provider budgets (`limits`) and the caller budgets calls bring. */
  budgets: Budgets;
  logger: Logger;
  /** Where attempt outcomes go as evidence of each provider's health. */
  health: { recordAttempt(evidence: AttemptEvidence): void };
}
