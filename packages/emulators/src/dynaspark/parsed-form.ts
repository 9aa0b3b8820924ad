// A chat request's form as the service's Flask app reads it, from either body it accepts.
import type { MultipartPart } from './parse-multipart-body.js';

/** A decoded form body, as the service's Flask app sees it. */
export interface ParsedForm {
  /** The first value of each text field (`request.form`). */
  fields: Record<string, string>;
  /** The first file part named `file` (`request.files['file']`), if one came. */
  file?: MultipartPart;
  /** Every part, for multipart bodies. */
  parts?: MultipartPart[];
}

/** Like Flask's request.form: `+` is a space, and a repeated field keeps its first value. */
export function parseUrlencodedForm(body: Buffer): ParsedForm {
  return { fields: firstValues(new URLSearchParams(body.toString('utf8'))) };
}

/**
 * Sorts parts into fields and the upload the way Werkzeug does: a part with a filename parameter,
 * even `filename=""`, is a file, never a field. Text fields are UTF-8; a repeated field keeps its
 * first value. Only the first file named `file` is the upload, like the service reads it.
 */
export function decodeMultipartForm(parts: MultipartPart[]): ParsedForm {
  const fields: Record<string, string> = {};
  let file: MultipartPart | undefined;
  for (const part of parts) {
    if (part.fileName === undefined) {
      if (!Object.hasOwn(fields, part.name)) fields[part.name] = part.bytes.toString('utf8');
      continue;
    }
    // A browser sends an empty, nameless part when no file was chosen: there is nothing to read.
    const nothingChosen = part.bytes.length === 0 && part.fileName === '';
    if (part.name === 'file' && file === undefined && !nothingChosen) file = part;
  }
  return file ? { fields, file, parts } : { fields, parts };
}

/** The first value of each name, like Flask's `request.form` / `request.args` `.get()`. */
export function firstValues(params: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!Object.hasOwn(values, name)) values[name] = value;
  }
  return values;
}
