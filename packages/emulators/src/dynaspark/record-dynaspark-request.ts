import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRecordedRequest } from '../shared/create-recorded-request.js';
import type { DynasparkState } from './dynaspark-context.js';
import type { DynasparkRecordedRequest, RecordedFile, RecordedPart } from './dynaspark-recorded-request.js';
import type { MultipartPart } from './multipart-part.js';
import type { ParsedForm } from './parsed-form.js';

export interface RecordDynasparkRequestOptions {
  state: DynasparkState;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  rawBody: Buffer;
  /** The decoded body, or the query parameters on GET. */
  form: ParsedForm;
}

/** Adds the request to the log, when recording is on, and returns the entry. */
export function recordDynasparkRequest(options: RecordDynasparkRequestOptions): DynasparkRecordedRequest | undefined {
  const { state, req, res, path, rawBody, form } = options;
  if (!state.recordRequests) return undefined;
  const recorded: DynasparkRecordedRequest = { ...createRecordedRequest({ req, res, path, rawBody }), fields: form.fields };
  if (form.file) recorded.file = toRecordedFile(form.file);
  if (form.parts) recorded.parts = form.parts.map(toRecordedPart);
  state.log.add(recorded);
  return recorded;
}

function toRecordedFile(part: MultipartPart): RecordedFile {
  return {
    fileName: part.fileName ?? '',
    contentType: part.contentType ?? '',
    size: part.bytes.length,
    sha256: createHash('sha256').update(part.bytes).digest('hex'),
    bytes: part.bytes,
  };
}

function toRecordedPart(part: MultipartPart): RecordedPart {
  const recorded: RecordedPart = { headers: part.headers, name: part.name, size: part.bytes.length, bytes: part.bytes };
  if (part.fileName !== undefined) recorded.fileName = part.fileName;
  if (part.contentType !== undefined) recorded.contentType = part.contentType;
  return recorded;
}
