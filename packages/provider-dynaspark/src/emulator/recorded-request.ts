/** The image (or other file) that came in the multipart field `file`. */
export interface RecordedFile {
  /** The filename from the part's content-disposition header. */
  fileName: string;
  /** The content type the part declared. */
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes, to compare with what the client meant to send. */
  sha256: string;
}

/** One request exactly as it arrived at the emulator. */
export interface RecordedRequest {
  method: string;
  /** The request target as sent, query string included. */
  url: string;
  /** The path without the query string. */
  path: string;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The content-type header as sent, or '' when absent. */
  contentType: string;
  /** Form fields (the first value of each), or the query parameters on GET. Values are byte-exact. */
  fields: Record<string, string>;
  file?: RecordedFile;
  /** The whole request body, for POST requests. Not served by GET /__emulator/requests. */
  rawBody?: Buffer;
  /** When the body was fully received, in ms since the epoch. */
  receivedAt: number;
}
