import { randomBytes } from 'node:crypto';
import type { LoadedMedia } from '@switchboard/core';

/** A request body ready for the wire, with its content type. */
export interface FormBody {
  body: string | Uint8Array;
  contentType: string;
}

/**
 * The form gpt4free sends, fields in its order: `user_input`, `ai_model`, then `file` when an image
 * is attached. Without an image: `application/x-www-form-urlencoded`. With one: `multipart/form-data`,
 * built here by hand because WHATWG `FormData` rewrites `\n` as `\r\n` inside field values, which
 * would change the prompt on the wire.
 */
export function buildFormBody({ prompt, model, image }: { prompt: string; model: string; image?: LoadedMedia | undefined }): FormBody {
  if (!image) {
    return {
      body: new URLSearchParams({ user_input: prompt, ai_model: model }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  }
  const promptBytes = Buffer.from(prompt, 'utf8');
  const modelBytes = Buffer.from(model, 'utf8');
  let boundary = newBoundary();
  // A boundary must not occur inside the content; with 24 random hex characters this practically
  // never happens, but correctness should not rest on "practically".
  while ([promptBytes, modelBytes, image.data].some((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength).includes(boundary))) {
    boundary = newBoundary();
  }
  const fileName = escapeQuoted(image.fileName ?? 'file');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="user_input"\r\n\r\n`),
    promptBytes,
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="ai_model"\r\n\r\n`),
    modelBytes,
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${image.mediaType}\r\n\r\n`),
    image.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The headers gpt4free sends, for a service at `origin`. */
export function buildHeaders({ origin, userAgent }: { origin: string; userAgent: string }): Record<string, string> {
  return {
    accept: '*/*',
    'accept-language': 'en-US,en;q=0.9',
    origin,
    referer: `${origin}/`,
    'user-agent': userAgent,
    'x-requested-with': 'XMLHttpRequest',
  };
}

function newBoundary(): string {
  return `----SwitchboardFormBoundary${randomBytes(12).toString('hex')}`;
}

/** Quotes in a multipart file name are percent-encoded, as browsers do; line breaks cannot occur (checked on load). */
function escapeQuoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/[\r\n]/g, ' ');
}
