// Requests the tests send to the Dynaspark emulator, multipart bodies built byte by byte.
import type { DynasparkEmulator } from '../index.js';

/** A multipart part: its header lines exactly as written, in order, then its bytes. */
export interface RawPart {
  headers: string[];
  body: string | Buffer;
}

export const BOUNDARY = '----switchboard-test-boundary';

/** A PNG signature and a few more bytes: enough for the emulator's magic-byte check. */
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')]);

/** A text field as a browser writes it. */
export function field(name: string, value: string): RawPart {
  return { headers: [`Content-Disposition: form-data; name="${name}"`], body: value };
}

/** A file part; `fileName` goes in quotes exactly as given (so '' gives `filename=""`). */
export function filePart(options: { name?: string; fileName: string; contentType?: string; body: string | Buffer }): RawPart {
  const { name = 'file', fileName, contentType, body } = options;
  const headers = [`Content-Disposition: form-data; name="${name}"; filename="${fileName}"`];
  if (contentType !== undefined) headers.push(`Content-Type: ${contentType}`);
  return { headers, body };
}

/** Built by hand so the test controls every byte (a `\n` in a value must stay `\n`). */
export function multipartBody(parts: RawPart[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${part.headers.map((line) => `${line}\r\n`).join('')}\r\n`), Buffer.from(part.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export function postMultipart(emulator: DynasparkEmulator, parts: RawPart[], path = '/generate_response'): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipartBody(parts),
  });
}

export function postForm(emulator: DynasparkEmulator, fields: Record<string, string>, path = '/generate_response'): Promise<Response> {
  return fetch(`${emulator.url}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
}
