import type { AttemptRecord } from './attempt-record.js';
import { SwitchboardError } from './switchboard-error.js';

/** Why the registry gave up. */
export type GiveUpReason = 'all-failed' | 'no-candidates';

/**
 * Every candidate provider failed. The message lists each attempt (provider, model, outcome,
 * duration, error kind and message) so the caller sees exactly what happened and where.
 * When only one attempt was made, the registry throws that attempt's own error instead, so a lone
 * 429 stays a `RateLimitError`.
 */
export class AllProvidersFailedError extends SwitchboardError {
  static override readonly errorName: string = 'AllProvidersFailedError';
  override readonly name: string = 'AllProvidersFailedError';
  override readonly code: string = 'all-providers-failed';

  /** The model name the caller asked for. */
  readonly modelId: string;
  readonly reason: GiveUpReason;
  /** Every attempt, in order, including skipped candidates. */
  readonly attempts: readonly AttemptRecord[];
  /** The errors of the failed attempts, in order. */
  readonly errors: readonly unknown[];
  readonly lastError: unknown;

  constructor(options: { modelId: string; reason: GiveUpReason; attempts: readonly AttemptRecord[]; errors: readonly unknown[]; hint?: string }) {
    const failed = options.attempts.filter((attempt) => attempt.outcome === 'error');
    const providers = new Set(failed.map((attempt) => attempt.provider));
    const lines = options.attempts.map(
      (attempt, index) =>
        `  ${index + 1}. ${attempt.provider}/${attempt.model}: ${attempt.outcome}` +
        (attempt.outcome === 'skipped' ? '' : ` after ${Math.round(attempt.durationMs)} ms`) +
        (attempt.errorKind ? ` [${attempt.errorKind}]` : '') +
        (attempt.message ? ` ${attempt.message}` : '') +
        (attempt.retryDeclined === 'retry-budget'
          ? ' (not retried: retry budget spent)'
          : attempt.retryDeclined === 'circuit-open'
            ? ' (not retried: circuit open)'
            : ''),
    );
    const skipped = new Set(
      options.attempts.filter((attempt) => attempt.outcome === 'skipped' && !providers.has(attempt.provider)).map((attempt) => attempt.provider),
    );
    const head =
      options.reason === 'no-candidates'
        ? `No provider could take the request for model '${options.modelId}'.`
        : `${providers.size === 1 ? `Provider '${[...providers][0]}'` : `All ${providers.size} providers`} failed for model '${options.modelId}' (${failed.length} attempt${failed.length === 1 ? '' : 's'}${skipped.size ? `; ${skipped.size} more provider${skipped.size === 1 ? '' : 's'} skipped` : ''}).`;
    super({
      message: `${head}\n${lines.join('\n')}${options.hint ? `\n${options.hint}` : ''}`,
      cause: options.errors.at(-1),
    });
    this.modelId = options.modelId;
    this.reason = options.reason;
    this.attempts = options.attempts;
    this.errors = options.errors;
    this.lastError = options.errors.at(-1);
  }
}
