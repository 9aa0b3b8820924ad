/** How a request ended, from the emulator's side. */
export type RequestOutcome = 'completed' | 'closed-early';

/**
 * One request exactly as it arrived, as both emulators record it; each adds what its protocol
 * parses out of the body (Dynaspark's form fields and file, OpenAI's JSON body).
 */
export interface RecordedRequest<Kind extends string = string> {
  method: string;
  /** The request target as sent, query string included. */
  url: string;
  /** The path without the query string. */
  path: string;
  /**
   * Every header in the order it arrived, names in the case they were sent, repeated headers
   * kept apart: what a test of a client's wire format asserts on.
   * @example [['Host', '127.0.0.1:8787'], ['Accept', '*\/*'], ['X-Requested-With', 'XMLHttpRequest']]
   */
  rawHeaders: Array<[name: string, value: string]>;
  /** Header names lower-cased; repeated headers joined with `, `. For lookups. */
  headers: Record<string, string>;
  /** The content-type header as sent, or '' when absent. */
  contentType: string;
  /** The body bytes as received (empty for none). Not served by `GET /__emulator/requests`. */
  rawBody: Buffer;
  /** When the body was fully received, in ms since the epoch. */
  receivedAt: number;
  /** The fault injected into this request, if any. */
  fault: Kind | undefined;
  /**
   * Settles when the exchange is over: `completed` when the whole answer was written,
   * `closed-early` when the connection closed first (the client aborted, a `reset` or `hang` fault).
   */
  outcome: Promise<RequestOutcome>;
}
