import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request to an emulated endpoint, with its target split. */
export interface EmulatorRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path without the query string. */
  path: string;
  /** The query string without its `?` ('' when none). */
  query: string;
}
