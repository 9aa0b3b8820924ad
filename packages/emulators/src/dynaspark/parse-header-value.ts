/** A header value split into its main value and parameters, e.g. a content-disposition. */
export interface HeaderValue {
  /** The part before the first `;`, lower-cased: `form-data`, `multipart/form-data`. */
  value: string;
  /**
   * Parameter values by lower-cased name, quoted strings unquoted (`\"` -> `"`), otherwise as sent:
   * no percent-decoding, since the server a client talks to does none either. The first of a
   * repeated parameter wins.
   */
  params: Record<string, string>;
}

/**
 * Parses `form-data; name="file"; filename="a;b.png"` the way Werkzeug does for what matters here:
 * `;` inside quotes belongs to the value, a parameter without `=` is skipped.
 */
export function parseHeaderValue(header: string): HeaderValue {
  const firstSemicolon = header.indexOf(';');
  const value = (firstSemicolon === -1 ? header : header.slice(0, firstSemicolon)).trim().toLowerCase();
  const params: Record<string, string> = {};
  let index = firstSemicolon === -1 ? header.length : firstSemicolon + 1;
  while (index < header.length) {
    const equals = header.indexOf('=', index);
    const semicolon = header.indexOf(';', index);
    if (equals === -1 || (semicolon !== -1 && semicolon < equals)) {
      index = semicolon === -1 ? header.length : semicolon + 1;
      continue;
    }
    const name = header.slice(index, equals).trim().toLowerCase();
    let cursor = equals + 1;
    while (header[cursor] === ' ' || header[cursor] === '\t') cursor += 1;
    let parameter: string;
    if (header[cursor] === '"') {
      ({ text: parameter, end: cursor } = readQuoted(header, cursor + 1));
      const next = header.indexOf(';', cursor);
      index = next === -1 ? header.length : next + 1;
    } else {
      const next = header.indexOf(';', cursor);
      parameter = header.slice(cursor, next === -1 ? header.length : next).trim();
      index = next === -1 ? header.length : next + 1;
    }
    if (name !== '' && !Object.hasOwn(params, name)) params[name] = parameter;
  }
  return { value, params };
}

/** The quoted string starting after its opening quote; `end` is just past the closing quote. */
function readQuoted(header: string, start: number): { text: string; end: number } {
  let text = '';
  let index = start;
  while (index < header.length && header[index] !== '"') {
    if (header[index] === '\\' && index + 1 < header.length) index += 1;
    text += header[index];
    index += 1;
  }
  return { text, end: index + 1 };
}
