/** A request the suite's HTTP server received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Lower-case names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
}

/**
 * An answer on the wire, as the service would send it.
 * @example { body: JSON.stringify({ output: 'Hello' }) }
 * @example { headers: { 'content-type': 'text/event-stream' }, body: ['data: {"delta":"Hel"}\n\n', 'data: {"delta":"lo"}\n\n'] }
 */
export interface WireAnswer {
  /** @default 200 */
  status?: number;
  /** @default { 'content-type': 'application/json' } */
  headers?: Readonly<Record<string, string>>;
  /** The body, or its pieces (written one by one, for streams). */
  body: string | readonly string[];
}
