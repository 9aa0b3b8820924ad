import { parseHeaderValue } from './parse-header-value.js';

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

/** A multipart body the emulator cannot split into parts; it answers 400, as the service would. */
export class MultipartSyntaxError extends Error {
  override readonly name = 'MultipartSyntaxError';
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const DASH = 0x2d;

/**
 * Splits a multipart/form-data body into its parts, headers and bytes exactly as sent (a `\n` in a
 * value stays `\n`). Written here rather than taken from busboy because the emulator must judge a
 * part the way the service's server does: busboy makes a part with `filename=""` a text field, and
 * hides the header order a wire-format test asserts on.
 *
 * @param contentType the request's content-type, which carries the boundary
 * @throws MultipartSyntaxError without a boundary, or for a truncated or malformed body
 */
export function parseMultipartBody(options: { body: Buffer; contentType: string }): MultipartPart[] {
  const { body } = options;
  const boundary = parseHeaderValue(options.contentType).params.boundary;
  if (!boundary) throw new MultipartSyntaxError('the content-type has no boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.concat([CRLF, delimiter]);
  // The first delimiter may follow a preamble; every later one follows a CRLF.
  let position = body.subarray(0, delimiter.length).equals(delimiter) ? 0 : body.indexOf(nextDelimiter);
  if (position === -1) throw new MultipartSyntaxError('the body does not contain the boundary');
  position += position === 0 ? delimiter.length : nextDelimiter.length;
  const parts: MultipartPart[] = [];
  for (;;) {
    if (body[position] === DASH && body[position + 1] === DASH) return parts;
    // After a delimiter: optional transport padding, then CRLF.
    const lineEnd = body.indexOf(CRLF, position);
    if (lineEnd === -1) throw new MultipartSyntaxError('the body ends without a closing boundary');
    const headerStart = lineEnd + CRLF.length;
    const noHeaders = body.subarray(headerStart, headerStart + CRLF.length).equals(CRLF);
    const headerEnd = noHeaders ? headerStart : body.indexOf(HEADERS_END, headerStart);
    if (headerEnd === -1) throw new MultipartSyntaxError(`the headers of part ${parts.length + 1} do not end`);
    const contentStart = headerEnd + (noHeaders ? CRLF.length : HEADERS_END.length);
    const contentEnd = body.indexOf(nextDelimiter, contentStart);
    if (contentEnd === -1) throw new MultipartSyntaxError(`part ${parts.length + 1} does not end with a boundary`);
    parts.push(toPart({ headerBlock: body.subarray(headerStart, headerEnd), bytes: body.subarray(contentStart, contentEnd), number: parts.length + 1 }));
    position = contentEnd + nextDelimiter.length;
  }
}

function toPart(options: { headerBlock: Buffer; bytes: Buffer; number: number }): MultipartPart {
  const { bytes, number } = options;
  const headers = parseHeaderLines(options.headerBlock.toString('utf8'), number);
  const find = (name: string): string | undefined => headers.find(([header]) => header.toLowerCase() === name)?.[1];
  const disposition = find('content-disposition');
  if (disposition === undefined) throw new MultipartSyntaxError(`part ${number} has no content-disposition`);
  const { params } = parseHeaderValue(disposition);
  return {
    headers,
    name: params.name ?? '',
    fileName: params.filename ?? decodeExtended(params['filename*']),
    contentType: find('content-type'),
    bytes,
  };
}

/** Header lines, continuation lines folded in, as Werkzeug reads them (UTF-8). */
function parseHeaderLines(text: string, number: number): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const last = headers.at(-1);
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartSyntaxError(`part ${number} has a header line without a name: '${line}'`);
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** RFC 5987 `UTF-8''c%C3%A4t.png` -> `cät.png`; a value in another charset, or that does not decode, is kept as sent. */
function decodeExtended(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^utf-8'[^']*'(.*)$/i.exec(value);
  if (!match) return value;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return value;
  }
}
