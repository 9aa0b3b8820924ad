import { GatewayError } from '../errors/gateway-error.js';

/** Options of {@link fetchImageAsDataUri}. */
export interface FetchImageOptions {
  /** The request's field, for error messages (`messages[0].content[1].image_url.url`). */
  param: string;
  maxBytes: number;
  /** Aborts the download: the request's signal combined with the time limit. */
  signal: AbortSignal;
}

const refused = (param: string, message: string, cause?: unknown) =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code: 'invalid_image_url', param, message: `Invalid '${param}': ${message}`, cause });

/**
 * Downloads one image and returns it as a `data:` URI, reading at most `maxBytes` (a larger body
 * is cut off, not buffered). The bytes' type is checked later by the registry, from their magic
 * bytes, like any inline image.
 */
export async function fetchImageAsDataUri(url: string, { param, maxBytes, signal }: FetchImageOptions): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw refused(
      param,
      `the image could not be downloaded (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}).`,
      error,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw refused(param, `downloading the image answered HTTP ${response.status}.`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw refused(param, `the image is ${declared} bytes, over this gateway's limit of ${maxBytes} bytes.`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) throw refused(param, `the image is over this gateway's limit of ${maxBytes} bytes.`);
        chunks.push(value);
      }
    } catch (error) {
      await reader.cancel().catch(() => {});
      if (signal.aborted) throw signal.reason;
      throw GatewayError.isInstance(error) ? error : refused(param, `the download was cut off (${(error as Error).message}).`, error);
    }
  }
  const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return `data:${type.startsWith('image/') ? type : 'application/octet-stream'};base64,${Buffer.concat(chunks).toString('base64')}`;
}
