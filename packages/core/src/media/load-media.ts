import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { describeValue } from '../validation/describe-value.js';
import { MediaError } from '../errors/media-error.js';
import type { LoadedMedia, MediaInput, MediaSource } from '../provider/media-input.js';
import { checkImageComplete } from './check-image-complete.js';
import { sniffImageType } from './sniff-image-type.js';

/** Default largest media item: 10 MiB, above what free chat services accept for one image. */
export const DEFAULT_MAX_MEDIA_BYTES = 10 * 1024 * 1024;

/** Options for {@link loadMedia}. */
export interface LoadMediaOptions {
  /** Largest accepted item, in bytes. @default 10 MiB */
  maxBytes?: number;
  /** Label of the item in messages (`media[0]`). */
  origin: string;
  /** Position in the caller's list, for `MediaError.index`. */
  index: number;
}

const DATA_URI = /^data:([^;,]*)(;[^,]*)?,/i;

/**
 * Reads one media item (bytes, path, `file:` URL or `data:` URI), checks its size, and sniffs
 * its type from magic bytes. Anything that is not a JPEG, PNG, GIF or WEBP is refused here,
 * before any request is sent.
 */
export async function loadMedia(input: MediaInput, { maxBytes = DEFAULT_MAX_MEDIA_BYTES, origin, index }: LoadMediaOptions): Promise<LoadedMedia> {
  const { source, fileName } = splitInput(input, origin);
  const fail = (message: string, cause?: unknown): never => {
    throw new MediaError({
      message: `${origin}${fileName ? ` ('${fileName}')` : ''}: ${message}`,
      index,
      path: origin,
      ...(fileName ? { fileName } : {}),
      cause,
    });
  };
  let data: Uint8Array;
  let derivedName: string | undefined;
  if (source instanceof Uint8Array) {
    data = source;
  } else if (source instanceof ArrayBuffer) {
    data = new Uint8Array(source);
  } else if (typeof source === 'string' && DATA_URI.test(source)) {
    data = decodeDataUri(source, maxBytes, fail);
  } else if (typeof source === 'string' || source instanceof URL) {
    if (source instanceof URL && source.protocol !== 'file:') {
      fail(`only file: URLs can be loaded as media, got '${source.protocol}'. Pass bytes, a file path or a data: URI.`);
    }
    if (typeof source === 'string' && /^https?:\/\//i.test(source)) {
      fail('remote URLs are not downloaded. Pass bytes, a file path or a data:image/...;base64, URI.');
    }
    const path = source instanceof URL ? fileURLToPath(source) : source;
    derivedName = basename(path);
    const size = await stat(path).then(
      (stats) => (stats.isFile() ? stats.size : fail(`'${path}' is not a file.`)),
      (error: NodeJS.ErrnoException) => fail(`cannot read '${path}' (${error.code ?? error.message}).`, error),
    );
    if (size > maxBytes) fail(`is ${size} bytes, over the limit of ${maxBytes} bytes (option maxMediaBytes).`);
    data = await readFile(path).catch((error: NodeJS.ErrnoException) => fail(`cannot read '${path}' (${error.code ?? error.message}).`, error));
  } else {
    return fail(`unsupported media source of type ${describe(source)}; pass a Uint8Array, a file path, a file: URL or a data: URI.`);
  }
  if (data.byteLength === 0) fail('is empty.');
  if (data.byteLength > maxBytes) fail(`is ${data.byteLength} bytes, over the limit of ${maxBytes} bytes (option maxMediaBytes).`);
  const mediaType = sniffImageType(data);
  if (!mediaType) {
    fail(`is not a supported image: its first bytes (${hexPrefix(data)}) match none of JPEG, PNG, GIF or WEBP.`);
  }
  const incomplete = checkImageComplete(data, mediaType!);
  if (incomplete) fail(`is not a whole image: ${incomplete}.`);
  return { data, mediaType: mediaType!, fileName: fileName ?? derivedName, origin };
}

function splitInput(input: MediaInput, origin: string): { source: MediaSource; fileName: string | undefined } {
  if (Array.isArray(input)) {
    const [source, fileName] = input as readonly [MediaSource, string?];
    checkFileName(fileName, origin);
    return { source, fileName };
  }
  if (typeof input === 'object' && input !== null && !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer) && !(input instanceof URL)) {
    const { source, fileName } = input as { source: MediaSource; fileName?: string };
    checkFileName(fileName, origin);
    return { source, fileName };
  }
  return { source: input as MediaSource, fileName: undefined };
}

function checkFileName(fileName: unknown, origin: string): void {
  if (fileName !== undefined && (typeof fileName !== 'string' || fileName.length === 0 || /[\r\n"]/.test(fileName))) {
    throw new InvalidArgumentError({
      argument: `${origin}.fileName`,
      reason: `expected a non-empty string without quotes or line breaks, got ${describeValue(fileName)}.`,
    });
  }
}

function decodeDataUri(uri: string, maxBytes: number, fail: (message: string) => never): Uint8Array {
  const match = DATA_URI.exec(uri)!;
  const declared = match[1] ?? '';
  if (declared !== '' && !declared.toLowerCase().startsWith('image/')) {
    fail(`is a data: URI of type '${declared}'; only data:image/...;base64, URIs are media.`);
  }
  if (!(match[2] ?? '').toLowerCase().includes(';base64')) fail('is a data: URI without ;base64; only base64 image data is accepted.');
  const payload = uri.slice(match[0].length);
  // Check the size before decoding: base64 carries 3 bytes per 4 characters.
  if (Math.floor((payload.length * 3) / 4) > maxBytes + 2) {
    fail(`is about ${Math.floor((payload.length * 3) / 4)} bytes, over the limit of ${maxBytes} bytes (option maxMediaBytes).`);
  }
  // Buffer.from(…, 'base64') skips what is not base64 without a word, which would turn a broken
  // URI into a few garbage bytes; check the alphabet and the padding first.
  const compact = payload.replace(/\s+/g, '');
  if (compact === '') fail('is a data: URI with no data after the comma.');
  const bad = /[^A-Za-z0-9+/=_-]/.exec(compact);
  if (bad) fail(`is a data: URI whose payload is not valid base64: ${JSON.stringify(bad[0])} at position ${bad.index} is not a base64 character.`);
  if (/=[^=]/.test(compact) || compact.length % 4 === 1) fail('is a data: URI whose payload is not valid base64: the length or the = padding is wrong.');
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
}

function hexPrefix(data: Uint8Array): string {
  return Array.from(data.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
