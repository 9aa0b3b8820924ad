import type { ErrorKind } from './error-kind.js';

/** What happened to one attempt (or one skipped candidate). Carried by results and errors. */
export interface AttemptRecord {
  provider: string;
  /** Provider-side model name. */
  model: string;
  /** 1-based attempt number on this provider. */
  attempt: number;
  outcome: 'success' | 'error' | 'skipped';
  /** Wall time of the attempt, ms (0 for skipped candidates). */
  durationMs: number;
  /** Set when the attempt failed or was skipped. */
  errorKind?: ErrorKind | 'capability' | 'not-working' | 'budget';
  /** Short reason, for messages. */
  message?: string;
  /** What the registry did next: retried the same provider, fell back to the next, or stopped. */
  decision?: 'retry' | 'fallback' | 'stop';
  /** Why a failure worth retrying was not retried on the same provider (then `decision` is `fallback` or `stop`). */
  retryDeclined?: RetryDeclinedReason;
}

/**
 * What stopped a retry: the call's attempts on this provider or in all were spent, the provider's
 * retry budget was spent, its `Retry-After` was longer than `maxRetryAfterMs`, the back-off would
 * pass the deadline, or the provider's circuit opened.
 */
export type RetryDeclinedReason = 'max-attempts-per-provider' | 'max-attempts' | 'retry-budget' | 'retry-after-too-long' | 'deadline' | 'circuit-open';
