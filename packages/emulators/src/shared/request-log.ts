import type { IncomingMessage, ServerResponse } from 'node:http';

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

export interface CreateRecordedRequestOptions {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  rawBody: Buffer;
}

/** A snapshot of what arrived; copies the headers so later changes to `req` cannot alter it. */
export function createRecordedRequest<Kind extends string>(options: CreateRecordedRequestOptions): RecordedRequest<Kind> {
  const { req, res, path, rawBody } = options;
  const rawHeaders: Array<[string, string]> = [];
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    rawHeaders.push([req.rawHeaders[index] as string, req.rawHeaders[index + 1] as string]);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const outcome = new Promise<RequestOutcome>((resolve) => {
    res.once('finish', () => resolve('completed'));
    res.once('close', () => resolve(res.writableFinished ? 'completed' : 'closed-early'));
  });
  return {
    method: req.method ?? '',
    url: req.url ?? '',
    path,
    rawHeaders,
    headers,
    contentType: headers['content-type'] ?? '',
    rawBody,
    receivedAt: Date.now(),
    fault: undefined,
    outcome,
  };
}

/** The most recent requests, oldest first; older ones drop off past the capacity. */
export interface RequestLog<Entry> {
  add(entry: Entry): void;
  list(): Entry[];
  clear(): void;
}

/** A ring buffer, so a long benchmark or soak with recording on keeps constant memory and O(1) adds. */
export function createRequestLog<Entry>(options: { capacity: number }): RequestLog<Entry> {
  const { capacity } = options;
  let entries: Entry[] = [];
  let oldest = 0;
  return {
    add(entry) {
      if (entries.length < capacity) {
        entries.push(entry);
        return;
      }
      entries[oldest] = entry;
      oldest = (oldest + 1) % capacity;
    },
    list() {
      return oldest === 0 ? entries.slice() : [...entries.slice(oldest), ...entries.slice(0, oldest)];
    },
    clear() {
      entries = [];
      oldest = 0;
    },
  };
}
