import type { ErrorKind } from '../errors/error-kind.js';

/** A health probe's result, as replicas share it (one replica probes a provider per interval, every replica reads the result). */
export interface SharedProbe {
  ok: boolean;
  latencyMs: number;
  /** When it ended (epoch ms). */
  at: number;
  detail?: string;
  error?: { kind: ErrorKind; message: string; at: number };
  /** Probes of the provider in a row that failed, this one included: every replica backs off alike. */
  consecutiveFailures: number;
}
