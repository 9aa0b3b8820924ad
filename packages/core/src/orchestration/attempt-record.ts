import type { ErrorKind } from '../errors/error-kind.js';

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
  errorKind?: ErrorKind | 'capability' | 'not-working';
  /** Short reason, for messages. */
  message?: string;
  /** What the registry did next: retried the same provider, fell back to the next, or stopped. */
  decision?: 'retry' | 'fallback' | 'stop';
}
