import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

/** Statuses whose responses have no body, whatever their headers say. */
export const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** undici's raw response headers. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** What reading a body stops at: `reject` past `maxBytes` (an answer), or keep what came (an error body). */
export interface ReadLimit {
  maxBytes: number;
  /** Called with the bytes read so far when the limit is passed; throws to reject, or returns to keep them. */
  over: () => void;
}

/** What arrived, whichever path (hot or control) it took: what the client turns into a response or a typed error. */
export interface Arrival {
  status: number;
  url: string;
  header(name: string): string | undefined;
  headers(): Headers;
  text(limit: ReadLimit): Promise<string>;
  stream(): ReadableStream<Uint8Array> | null;
  /** The body's bytes as they arrive, for reading them in order once (events): the Node stream itself on the hot path. */
  chunks(): AsyncIterable<Uint8Array> | null;
}

// node:zlib loads with the first compressed body, not with core: a process that sends nothing (a
// CLI listing models) or gets plain answers never pays for it.
let zlib: typeof import('node:zlib') | undefined;

/**
 * The body as the server meant it: undici's dispatcher hands over the bytes as they came, so a
 * compressed answer (providers that send browser-like `accept-encoding`) is decompressed here.
 */
export function decoded(body: Dispatcher.ResponseData['body'], encoding: string | string[] | undefined): Readable {
  const name = (Array.isArray(encoding) ? encoding.at(-1) : encoding)?.trim().toLowerCase();
  if (name !== 'gzip' && name !== 'x-gzip' && name !== 'deflate' && name !== 'br') return body;
  zlib ??= process.getBuiltinModule('node:zlib');
  const decompressor = name === 'deflate' ? zlib.createInflate() : name === 'br' ? zlib.createBrotliDecompress() : zlib.createGunzip();
  body.on('error', (error) => decompressor.destroy(error));
  // A reader that stops early (an answer past its limit) destroys the decompressor: the wire goes
  // too, or its socket would stay busy with a body nobody reads.
  decompressor.on('close', () => {
    if (!body.readableEnded) body.destroy();
  });
  return body.pipe(decompressor);
}

/** undici's raw response headers as WHATWG `Headers`, built only when someone reads them. */
export function toHeaders(raw: RawHeaders): Headers {
  const headers = new Headers();
  for (const key in raw) {
    const value = raw[key];
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}
