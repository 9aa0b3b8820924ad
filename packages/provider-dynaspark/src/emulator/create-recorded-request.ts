import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from './parsed-form.js';
import type { RecordedRequest } from './recorded-request.js';

export interface CreateRecordedRequestOptions {
  req: IncomingMessage;
  path: string;
  fields: Record<string, string>;
  file?: UploadedFile | undefined;
  rawBody?: Buffer | undefined;
}

/** A snapshot of what arrived; copies the headers so later changes to `req` cannot alter it. */
export function createRecordedRequest(options: CreateRecordedRequestOptions): RecordedRequest {
  const { req, path, fields, file, rawBody } = options;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const recorded: RecordedRequest = {
    method: req.method ?? '',
    url: req.url ?? '',
    path,
    headers,
    contentType: req.headers['content-type'] ?? '',
    fields,
    receivedAt: Date.now(),
  };
  if (file) {
    recorded.file = {
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    };
  }
  if (rawBody) recorded.rawBody = rawBody;
  return recorded;
}
