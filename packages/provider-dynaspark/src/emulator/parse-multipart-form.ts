import type { IncomingHttpHeaders } from 'node:http';
import busboy from 'busboy';
import type { ParsedForm, UploadedFile } from './parsed-form.js';

/** Prompts can be long conversations; busboy's 1 MB default would truncate them silently. */
const MAX_FIELD_BYTES = 32 * 1024 * 1024;

/**
 * Decodes a multipart body. Field values come back byte-exact (a `\n` stays `\n`). Only the part
 * named `file` is kept as the upload; other file parts are read and dropped, like the service does.
 * Rejects on a malformed body (no boundary, truncated parts).
 */
export function parseMultipartForm(options: { body: Buffer; headers: IncomingHttpHeaders }): Promise<ParsedForm> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: UploadedFile | undefined;
    // Filenames are UTF-8 in practice (browsers, undici, form-data); busboy defaults to latin1.
    const parser = busboy({ headers: options.headers, defParamCharset: 'utf8', limits: { fieldSize: MAX_FIELD_BYTES } });
    parser.on('field', (name, value) => {
      if (!Object.hasOwn(fields, name)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', () => {
        const bytes = Buffer.concat(chunks);
        // A browser sends an empty, nameless part when no file was chosen: that is no file.
        if (name !== 'file' || file !== undefined || (bytes.length === 0 && info.filename === '')) return;
        file = { fileName: info.filename ?? '', contentType: info.mimeType, bytes };
      });
    });
    parser.once('close', () => resolve(file ? { fields, file } : { fields }));
    parser.once('error', reject);
    parser.end(options.body);
  });
}
