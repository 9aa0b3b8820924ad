import type { AttemptRecord } from './attempt-record.js';
import { SwitchboardError } from './switchboard-error.js';

/**
 * Every provider that could take the call has its circuit open (it failed too often in a row, for
 * everyone): the call fails at once, without a request upstream, so an outage is not multiplied
 * by the callers still arriving. `retryAfterMs` says when the first of them takes a trial call
 * again; the gateway answers 503 with `Retry-After`.
 */
export class CircuitOpenError extends SwitchboardError {
  static override readonly errorName: string = 'CircuitOpenError';
  override readonly name: string = 'CircuitOpenError';
  override readonly code: string = 'circuit-open';

  /** The model name the caller asked for. */
  readonly modelId: string;
  /** The provider+model pairs turned away. */
  readonly providers: readonly { provider: string; model: string }[];
  /** Milliseconds until the first of them takes a call again (at least 1). */
  readonly retryAfterMs: number;
  /** Every attempt and skipped candidate, as results carry them. */
  readonly attempts: readonly AttemptRecord[];

  constructor(options: {
    modelId: string;
    providers: readonly { provider: string; model: string }[];
    retryAfterMs: number;
    attempts: readonly AttemptRecord[];
    cause?: unknown;
  }) {
    const retryAfterMs = Math.max(1, Math.ceil(options.retryAfterMs));
    const names = options.providers.map(({ provider, model }) => `${provider}/${model}`).join(', ');
    super({
      message: `No request was sent for model '${options.modelId}': the circuit of ${names} is open after repeated failures. The next trial call goes through in ${formatWait(retryAfterMs)}; retry then.`,
      cause: options.cause,
    });
    this.modelId = options.modelId;
    this.providers = options.providers;
    this.retryAfterMs = retryAfterMs;
    this.attempts = options.attempts;
  }
}

function formatWait(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.ceil(ms / 1_000)} s`;
}
