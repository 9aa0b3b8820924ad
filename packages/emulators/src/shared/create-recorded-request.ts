import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest, RequestOutcome } from './recorded-request.js';

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
