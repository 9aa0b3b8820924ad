import type { EmulatorFaultKind } from './emulator-fault-rule.js';

/** How a request ended, from the emulator's side. */
export type RequestOutcome = 'completed' | 'closed-early';

/** One request as the emulator received it. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string (`/v1/chat/completions`). */
  path: string;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body as text ('' for GET). */
  rawBody: string;
  /** The body parsed as JSON, when it is JSON. */
  body: unknown;
  /** The fault injected into this request, if any. */
  fault: EmulatorFaultKind | undefined;
  /**
   * Settles when the exchange is over: `completed` when the whole response was written,
   * `closed-early` when the connection closed first (the client aborted, or a `reset`/`hang` fault).
   */
  outcome: Promise<RequestOutcome>;
}
