import type { IncomingMessage } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Logger } from '@switchboard/core';
import { GatewayError } from '../errors/gateway-error.js';
import type { AddressAllowList } from '../images/address-allow-list.js';
import { resolveImageHost, type ResolvedHost } from '../images/resolve-image-host.js';

/** Options of {@link fetchImageAsDataUri}. */
export interface FetchImageOptions {
  /** The request's field, for error messages (`messages[0].content[1].image_url.url`). */
  param: string;
  maxBytes: number;
  maxRedirects: number;
  /** Non-public addresses that may be downloaded from anyway. */
  allowAddresses: AddressAllowList;
  /** Called with each piece's size; throws when the request's images together are over their limit. */
  countBytes(bytes: number): void;
  /** Aborts the download: the request's signal combined with the time limit. */
  signal: AbortSignal;
  /** Where the details a client must not see go (addresses, ports, statuses). */
  logger: Logger;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const refused = (param: string, message: string, cause?: unknown) =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code: 'invalid_image_url', param, message: `Invalid '${param}': ${message}`, cause });

/**
 * Downloads one image and returns it as a `data:` URI, reading at most `maxBytes` (a larger body
 * is cut off, not buffered). Each hop, the first URL and every redirect, is resolved and checked
 * here: its host must resolve only to public addresses (or allowed ones), and the connection goes
 * to the very address that was checked, so a DNS answer that changes between the check and the
 * connection cannot point it elsewhere. Redirects are followed by hand for that reason. What went
 * wrong on the wire (an address, a port, a status) is logged, never put in the client's error:
 * it would tell a client about the network the gateway runs in. The bytes' type is checked later
 * by the registry, from their magic bytes, like any inline image.
 */
export async function fetchImageAsDataUri(url: string, options: FetchImageOptions): Promise<string> {
  const { param, maxRedirects, signal, logger } = options;
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    const host = await resolveImageHost(target.hostname, options.allowAddresses, signal);
    if ('refusal' in host) {
      logger.debug({ param, host: target.hostname, reason: host.refusal }, 'remote image refused: its host does not resolve to an allowed address');
      throw refused(param, "the image's host does not resolve to a public address this gateway may download from.");
    }
    const response = await get(target, host, options);
    const location = response.headers.location;
    if (REDIRECTS.has(response.statusCode ?? 0) && location !== undefined) {
      response.destroy();
      if (hop >= maxRedirects) throw refused(param, `the image URL redirects more than ${maxRedirects} times.`);
      target = new URL(location, target);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw refused(param, 'the image URL redirects to a URL that is not http(s).');
      continue;
    }
    if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode >= 300) {
      response.destroy();
      logger.debug({ param, host: target.hostname, status: response.statusCode }, 'remote image download answered an error status');
      throw refused(param, 'the image could not be downloaded.');
    }
    return readAsDataUri(response, options);
  }
}

/** One GET to the checked address (never re-resolved), resolving with the response head. */
function get(target: URL, host: ResolvedHost, { param, signal, logger }: FetchImageOptions): Promise<IncomingMessage> {
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [host]);
    else callback(null, host.address, host.family);
  };
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.get(target, { lookup, signal, agent: false, headers: { accept: 'image/*' } }, resolve);
    request.on('error', (error) => {
      if (signal.aborted) return reject(signal.reason);
      logger.debug({ param, host: target.hostname, err: error }, 'remote image download failed');
      reject(refused(param, 'the image could not be downloaded.', error));
    });
  });
}

async function readAsDataUri(response: IncomingMessage, { param, maxBytes, countBytes, signal }: FetchImageOptions): Promise<string> {
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes) {
    response.destroy();
    throw refused(param, `the image is ${declared} bytes, over this gateway's limit of ${maxBytes} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw refused(param, `the image is over this gateway's limit of ${maxBytes} bytes.`);
      countBytes(chunk.byteLength);
      chunks.push(chunk);
    }
  } catch (error) {
    response.destroy();
    if (signal.aborted) throw signal.reason;
    throw GatewayError.isInstance(error) ? error : refused(param, 'the download was cut off.', error);
  }
  const type = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
  return `data:${type.startsWith('image/') ? type : 'application/octet-stream'};base64,${Buffer.concat(chunks).toString('base64')}`;
}
