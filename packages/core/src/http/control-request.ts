import ky, { HTTPError, type KyInstance } from 'ky';
import type { Dispatcher } from 'undici';
import { type Arrival, decoded, NULL_BODY_STATUSES, type RawHeaders, type ReadLimit, toHeaders } from './arrival.js';

/** One request off the hot path, ready to leave. */
export interface ControlRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
  dispatcher: Dispatcher;
  /** Further tries of a GET after a network failure or a 408, 429 or 5xx answer. */
  retry: number;
}

/** Answers worth asking for again: a server starting up (llama.cpp answers 503 while it loads its model), overloaded, or rate limiting. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

let client: KyInstance | undefined;

/**
 * Sends a request off the hot path (model lists, health probes, token endpoints) through ky, whose
 * job here is retrying: a GET given `retry` is tried again after a network failure or a 408, 429
 * or 5xx answer, with exponential back-off (at most 2 s apart) and the server's `Retry-After` (up to
 * 5 s), the caller's signal ending the wait at once. What finally arrives comes back as it arrived,
 * for the client to turn into a response or a typed error like any other.
 */
export async function sendControlRequest(request: ControlRequest): Promise<Arrival> {
  client ??= ky.create({ timeout: false, throwHttpErrors: true, fetch: dispatchFetch as unknown as typeof fetch });
  try {
    const response = await client(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.signal ? { signal: request.signal } : {}),
      retry: { limit: request.retry, methods: ['get'], statusCodes: RETRY_STATUSES, backoffLimit: 2_000, maxRetryAfter: 5_000 },
      dispatcher: request.dispatcher,
      rawBody: request.body,
    } as unknown as Parameters<KyInstance>[1]);
    return fromFetch(response, request.url);
  } catch (error) {
    // The last answer of a failed request is an answer like any other: the client types it.
    if (error instanceof HTTPError) return fromFetch(error.response, request.url);
    throw error;
  }
}

function fromFetch(response: Response, url: string): Arrival {
  return {
    status: response.status,
    url,
    header: (name) => response.headers.get(name) ?? undefined,
    headers: () => response.headers,
    text: (limit) => (response.body ? readWebText(response.body, limit) : Promise.resolve('')),
    stream: () => response.body,
    chunks: () => response.body,
  };
}

/** {@link readText} for a WHATWG stream (ky's path). */
async function readWebText(body: ReadableStream<Uint8Array>, limit: ReadLimit): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > limit.maxBytes) {
        chunks.push(value.subarray(0, limit.maxBytes - length));
        await reader.cancel().catch(() => {});
        limit.over();
        break;
      }
      chunks.push(value);
      length += value.length;
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What our `fetch` for ky reads besides the `Request` (ky hands unknown options to `fetch`). */
interface KyTransportInit {
  dispatcher: Dispatcher;
  rawBody: string | Uint8Array | undefined;
}

/** ky's `fetch`, over the same undici dispatcher: the caller's body bytes go out as they are. */
async function dispatchFetch(request: Request, init: KyTransportInit): Promise<Response> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const {
    statusCode,
    headers: rawHeaders,
    body: wire,
  } = await init.dispatcher.request({
    origin: url.origin,
    path: url.pathname + url.search,
    method: request.method as Dispatcher.HttpMethod,
    headers,
    body: init.rawBody ?? null,
    signal: request.signal,
  });
  if (NULL_BODY_STATUSES.has(statusCode)) {
    wire.dump().catch(() => {});
    return new Response(null, { status: statusCode, headers: toHeaders(rawHeaders as RawHeaders) });
  }
  // undici's Response reads async iterables lazily: streaming still works. A compressed body is
  // decompressed here, and its encoding headers dropped, so nobody decodes it twice.
  const responseHeaders = toHeaders(rawHeaders as RawHeaders);
  const body = decoded(wire, (rawHeaders as RawHeaders)['content-encoding']);
  if (body !== wire) {
    responseHeaders.delete('content-encoding');
    responseHeaders.delete('content-length');
  }
  return new Response(body as unknown as ReadableStream<Uint8Array>, { status: statusCode, headers: responseHeaders });
}
