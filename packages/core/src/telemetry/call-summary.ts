import type { AttemptRecord } from '../errors/attempt-record.js';
import type { FinishReason, Usage } from '../provider/stream-part.js';

/** What one call measured, built once at its end: its span's last attributes and its metrics both read it. */
export interface CallSummary {
  /** The name the caller asked for. */
  requestedModel: string;
  stream: boolean;
  /** The provider that answered (or, when none did, the last one tried; undefined when none was). */
  provider: string | undefined;
  /** Its provider-side model. */
  model: string | undefined;
  /** From the call to its end (a stream: its last part), on the registry's clock. */
  durationMs: number;
  /** Streams: from the call to its first text or tool call. */
  firstChunkMs: number | undefined;
  usage: Usage | undefined;
  finishReason: FinishReason | undefined;
  /** `error.type` when the call failed. */
  errorType: string | undefined;
  /** Every attempt and skipped candidate, in order. */
  trail: readonly AttemptRecord[];
}

/** A trail entry in one line: `broken/echo #1 error api-call, then retry`. */
export function describeTrailEntry(entry: AttemptRecord): string {
  let line = `${entry.provider}/${entry.model} #${entry.attempt} ${entry.outcome}`;
  if (entry.errorKind !== undefined) line += ` ${entry.errorKind}`;
  if (entry.decision !== undefined) line += `, then ${entry.decision}`;
  if (entry.retryDeclined !== undefined) line += ` (retry declined: ${entry.retryDeclined})`;
  return line;
}
