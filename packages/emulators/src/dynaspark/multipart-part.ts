/** One part of a multipart/form-data body, as sent. */
export interface MultipartPart {
  /** Header lines in order, names in the case sent, values trimmed. */
  headers: Array<[name: string, value: string]>;
  /** The content-disposition `name`. */
  name: string;
  /**
   * The `filename` parameter as sent, or the decoded `filename*`; present (even '') only on file
   * parts: Werkzeug, the service's server, makes any part with a filename a file.
   */
  fileName: string | undefined;
  contentType: string | undefined;
  bytes: Buffer;
}
