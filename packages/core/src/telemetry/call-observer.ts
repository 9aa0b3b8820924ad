import type { LoadedMedia } from '../provider/media-input.js';
import type { CallSettings } from '../provider/call-settings.js';
import type { Message } from '../provider/message.js';
import type { FinishReason, StreamPart, Usage } from '../provider/stream-part.js';
import type { ToolCall } from '../provider/tool.js';
import type { AttemptRecord } from '../errors/attempt-record.js';
import type { RequestFacts } from './request-attributes.js';

/** The candidate an attempt goes to, as telemetry reads it (an orchestration `Candidate`). */
export interface AttemptTarget {
  provider: { readonly id: string };
  model: string;
  messages: readonly Message[];
  media: readonly LoadedMedia[];
  /** The call's standard settings this provider's model honours (what its request carries). */
  settings: Readonly<CallSettings>;
}

/** A whole answer, when the caller collected one (`generate`); a stream's is gathered from its parts. */
export interface CallAnswer {
  text: string;
  toolCalls: readonly ToolCall[];
  finishReason: FinishReason;
  usage: Usage | undefined;
}

/**
 * What a provider's budget (`limits`) said before an attempt: `reserved`, the attempt goes ahead
 * under it; `refused`, nothing is sent to that provider (the call falls back).
 */
export interface BudgetCheck {
  provider: string;
  model: string;
  outcome: 'reserved' | 'refused';
  /** Which limit refused: `rpm`, `tpm` or `concurrency`. */
  limit?: string;
}

/**
 * The telemetry of one call, told by the registry as the call runs: where each attempt starts
 * (and runs, so its HTTP request carries its trace context), what the registry decided after a
 * failure, the first chunk, and the end. The no-op observer is what a call gets while nobody
 * listens (no SDK registered, or telemetry off): every method returns at once and `attempt`
 * just runs its function.
 */
export interface CallObserver {
  /** False for the no-op observer: callers skip gathering what only it would read. */
  readonly recording: boolean;
  /** The call passed its checks: its id and what it asked for. */
  prepared(facts: { requestId: string } & RequestFacts): void;
  /** Runs one attempt, `run(target)` (`attempt`: its 1-based number on that provider), inside its span's context. */
  attempt<C extends AttemptTarget, T>(target: C, attempt: number, run: (target: C) => Promise<T>): Promise<T>;
  /** The registry decided what follows a failed attempt (its record now says so); `retryDelayMs` before a retry. */
  decided(entry: AttemptRecord, retryDelayMs: number | undefined): void;
  /** A provider's budget was asked before an attempt (only providers with `limits` have one). */
  budgetChecked(check: BudgetCheck): void;
  /** The first text or tool call arrived, at `at` on the registry's clock (streams). */
  firstChunk(at: number): void;
  /** What the provider said of its answer (its id, the model that wrote it): on the attempt that got it. */
  responded(response: { id?: string; model?: string }): void;
  /** A part the caller received (streams: usage, finish reason and, with content capture, the answer). */
  part(part: StreamPart): void;
  /** The call succeeded: `answer` for a collected answer, undefined for a stream (its parts told it). */
  succeeded(trail: readonly AttemptRecord[], answer: CallAnswer | undefined): void;
  /** The call failed with `error` (its trail is the error's `attempts`, or what the observer was told). */
  failed(error: unknown): void;
}

/** What a stream's telemetry records when its consumer stopped reading before the end (`error.type` `stream-closed`). */
export const STREAM_CLOSED = Object.freeze({ code: 'stream-closed', message: 'the caller stopped reading the stream before its end' });

const nothing = () => {};

/** The observer of a call nobody listens to. */
export const NO_OBSERVER: CallObserver = Object.freeze({
  recording: false,
  prepared: nothing,
  attempt: <C extends AttemptTarget, T>(target: C, _attempt: number, run: (target: C) => Promise<T>) => run(target),
  decided: nothing,
  budgetChecked: nothing,
  firstChunk: nothing,
  responded: nothing,
  part: nothing,
  succeeded: nothing,
  failed: nothing,
});
