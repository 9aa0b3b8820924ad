import type { RecordedRequest } from '../shared/recorded-request.js';
import type { DynasparkFaultKind } from './dynaspark-fault-kind.js';

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
