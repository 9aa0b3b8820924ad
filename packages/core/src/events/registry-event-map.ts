import type { ErrorKind } from '../errors/error-kind.js';
import type { RetryDeclinedReason } from '../errors/attempt-record.js';

interface AttemptIdentity {
  /** Id of the `generate`/`stream` call, also bound to its log lines. */
  requestId: string;
  provider: string;
  model: string;
  /** 1-based attempt number on this provider. */
  attempt: number;
}

/** Everything the registry reports, by event name. */
export interface RegistryEventMap {
  'attempt:start': AttemptIdentity;
  'attempt:end': AttemptIdentity & { outcome: 'success' | 'error'; durationMs: number; errorKind?: ErrorKind; error?: unknown };
  retry: AttemptIdentity & { delayMs: number; errorKind: ErrorKind };
  /** A failure worth retrying that was not retried on the same provider, and why. */
  'retry:declined': AttemptIdentity & { errorKind: ErrorKind; reason: RetryDeclinedReason };
  /** The call moves on to the next provider (only when there is one: a call that stops says so by failing). */
  fallback: { requestId: string; from: { provider: string; model: string }; to: { provider: string; model: string }; errorKind: ErrorKind };
  'circuit:open': { provider: string; model: string };
  'circuit:half-open': { provider: string; model: string };
  'circuit:close': { provider: string; model: string };
  'health:change': { provider: string; model?: string; from: string; to: string; reason?: string };
}

export type RegistryEventName = keyof RegistryEventMap;

/** A listener of one event. Its return value is ignored; what it throws is logged, never passed on. */
export type RegistryEventListener<E extends RegistryEventName> = (payload: RegistryEventMap[E]) => unknown;
