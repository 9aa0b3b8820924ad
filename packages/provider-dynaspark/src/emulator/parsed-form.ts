/** The file that came in the multipart field `file`. */
export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** A decoded form body: the first value of each field, and the `file` part if one came. */
export interface ParsedForm {
  fields: Record<string, string>;
  file?: UploadedFile;
}
