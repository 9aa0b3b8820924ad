import type { LoadedMedia } from '@switchboard/core/provider';
import { pythonQuote } from './python-quote.js';

/** A request body ready for the wire, with its content type. */
export interface FormBody {
  body: string | Uint8Array;
  contentType: string;
}

/** What {@link buildRequest} puts in the form. */
export interface BuildRequestOptions {
  /** The conversation flattened by `formatPrompt`. */
  prompt: string;
  /** The provider-side model name. */
  model: string;
  /** The one image, when the call has one. */
  image?: LoadedMedia | undefined;
}

export const URLENCODED = 'application/x-www-form-urlencoded';
const TEXT_PART = 'text/plain; charset=utf-8';

/**
 * The form gpt4free sent, byte for byte as aiohttp wrote it: `user_input`, `ai_model`, then `file`
 * when an image is attached.
 *
 * - Without an image, `application/x-www-form-urlencoded` as Python's `urlencode` writes it
 *   (space as `+`, `*` as `%2A`, `~` kept), which differs from `URLSearchParams`.
 * - With one, `multipart/form-data` with a 32-hex-digit boundary; every part writes its content type
 *   (`text/plain; charset=utf-8` for the text fields) before its content disposition, and the
 *   file name is percent-encoded as `quote(name, safe="")`. Built by hand because WHATWG
 *   `FormData` writes none of that, and rewrites `\n` as `\r\n` inside values.
 */
export function buildRequest({ prompt, model, image }: BuildRequestOptions): FormBody {
  if (!image) {
    return { body: `user_input=${pythonQuote(prompt, { plus: true })}&ai_model=${pythonQuote(model, { plus: true })}`, contentType: URLENCODED };
  }
  const promptBytes = Buffer.from(prompt, 'utf8');
  const modelBytes = Buffer.from(model, 'utf8');
  const imageBytes = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  let boundary = newBoundary();
  // 128 random bits practically never occur in the content, but correctness should not rest on "practically".
  while ([promptBytes, modelBytes, imageBytes].some((part) => part.includes(boundary))) boundary = newBoundary();
  const head = (contentType: string, disposition: string) =>
    Buffer.from(`--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Disposition: ${disposition}\r\n\r\n`);
  const end = Buffer.from('\r\n');
  const body = Buffer.concat([
    head(TEXT_PART, 'form-data; name="user_input"'),
    promptBytes,
    end,
    head(TEXT_PART, 'form-data; name="ai_model"'),
    modelBytes,
    end,
    head(image.mediaType, `form-data; name="file"; filename="${pythonQuote(image.fileName ?? 'file')}"`),
    imageBytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** What {@link buildHeaders} needs. */
export interface BuildHeadersOptions {
  /** The service's origin (`https://dynaspark.onrender.com`): sent as `origin` and, with `/`, as `referer`. */
  origin: string;
  userAgent: string;
}

/**
 * The headers gpt4free sent, plus the `accept-encoding` its HTTP library added (brotli included,
 * as gpt4free required it); the answer is decompressed by core's HTTP client.
 */
export function buildHeaders({ origin, userAgent }: BuildHeadersOptions): Record<string, string> {
  return {
    accept: '*/*',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'en-US,en;q=0.9',
    origin,
    referer: `${origin}/`,
    'user-agent': userAgent,
    'x-requested-with': 'XMLHttpRequest',
  };
}

// node:crypto loads with the first multipart body (an image), not with the plugin.
let crypto: typeof import('node:crypto') | undefined;

/** aiohttp's boundary: a random UUID's 32 lower-case hex digits. */
function newBoundary(): string {
  return (crypto ??= process.getBuiltinModule('node:crypto')).randomBytes(16).toString('hex');
}
