import type { AttemptRecord } from './attempt-record.js';
import { SwitchboardError } from './switchboard-error.js';

/** Which limit ran out. */
export type TimeoutPhase = 'attempt' | 'first-chunk' | 'deadline' | 'health-probe';

/**
 * A time limit ran out. Distinct from the caller's own abort, which is re-thrown as the
 * signal's reason (an `AbortError`) and never turned into a `TimeoutError`.
 */
export class TimeoutError extends SwitchboardError {
  static override readonly errorName: string = 'TimeoutError';
  override readonly name: string = 'TimeoutError';
  override readonly code: string = 'timeout';

  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  /** For a deadline: every attempt made before time ran out. */
  readonly attempts: readonly AttemptRecord[];

  constructor(options: {
    phase: TimeoutPhase;
    timeoutMs: number;
    provider?: string;
    model?: string;
    attempts?: readonly AttemptRecord[];
    cause?: unknown;
  }) {
    const what = {
      attempt: 'The attempt',
      'first-chunk': 'Waiting for the first chunk',
      deadline: 'The request (all attempts together)',
      'health-probe': 'The health probe',
    }[options.phase];
    const where = options.provider ? ` on provider '${options.provider}'${options.model ? ` (model '${options.model}')` : ''}` : '';
    const tried = options.attempts?.length
      ? `\n${options.attempts.map((a, i) => `  ${i + 1}. ${a.provider}/${a.model}: ${a.outcome}${a.errorKind ? ` [${a.errorKind}]` : ''}${a.message ? ` ${a.message}` : ''}`).join('\n')}`
      : '';
    super({ message: `${what}${where} timed out after ${options.timeoutMs} ms.${tried}`, cause: options.cause });
    this.phase = options.phase;
    this.timeoutMs = options.timeoutMs;
    this.provider = options.provider;
    this.model = options.model;
    this.attempts = options.attempts ?? [];
  }
}
