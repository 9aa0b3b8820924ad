import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from '../shared/emulator-state.js';
import { createRecordedRequest, type RecordedRequest } from '../shared/request-log.js';
import type { DynasparkFaultKind } from './dynaspark-fault-kind.js';
import type { MultipartPart } from './parse-multipart-body.js';
import type { ParsedForm } from './parsed-form.js';

/** One part of a multipart body, as it arrived. */
export interface RecordedPart {
  /**
   * The part's headers in the order they were sent, names in their case, e.g.
   * `[['Content-Type', 'image/png'], ['Content-Disposition', 'form-data; name="file"; filename="cat.png"']]`.
   */
  headers: Array<[name: string, value: string]>;
  /** The content-disposition `name`. */
  name: string;
  /** The `filename` parameter as sent (percent-encoding kept); present, even '', only on file parts. */
  fileName?: string;
  /** The part's content-type header, when it has one. */
  contentType?: string;
  size: number;
  /** The part's bytes. Not served by `GET /__emulator/requests`. */
  bytes: Buffer;
}

/** The file that came in the multipart field `file` (the one the service reads). */
export interface RecordedFile {
  /** The filename as sent, percent-encoding kept (aiohttp encodes non-ASCII names). */
  fileName: string;
  /** The content type the part declared ('' when it declared none). */
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes, to compare with what the client meant to send. */
  sha256: string;
  /** Not served by `GET /__emulator/requests`. */
  bytes: Buffer;
}

/** A request to the Dynaspark emulator. */
export interface DynasparkRecordedRequest extends RecordedRequest<DynasparkFaultKind> {
  /** Form fields (the first value of each), or the query parameters on GET. Values are byte-exact. */
  fields: Record<string, string>;
  file?: RecordedFile;
  /** Every part of a multipart body, in order; absent for other bodies. */
  parts?: RecordedPart[];
}

export interface RecordDynasparkRequestOptions {
  /** Where the entry goes, when recording is on. */
  state: Pick<EmulatorState<string, string, DynasparkRecordedRequest>, 'recordRequests' | 'log'>;
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
