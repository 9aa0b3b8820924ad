import type { MultipartPart } from './multipart-part.js';
import type { ParsedForm } from './parsed-form.js';

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
