import type { MultipartPart } from './multipart-part.js';

/** A decoded form body, as the service's Flask app sees it. */
export interface ParsedForm {
  /** The first value of each text field (`request.form`). */
  fields: Record<string, string>;
  /** The first file part named `file` (`request.files['file']`), if one came. */
  file?: MultipartPart;
  /** Every part, for multipart bodies. */
  parts?: MultipartPart[];
}
