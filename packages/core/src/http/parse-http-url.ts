import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Options for {@link parseHttpUrl}. */
export interface ParseHttpUrlOptions {
  /** The option's name in errors (`providerOptions.dynaspark.baseUrl`). */
  argument: string;
  /** Also accept `socks5:` and friends? Proxies through undici speak HTTP CONNECT only. @default false */
  allowCredentials?: boolean;
}

/**
 * Checks that `value` is an absolute http(s) URL and returns it without a trailing slash, so
 * paths can be appended with plain concatenation on the hot path.
 */
export function parseHttpUrl(value: unknown, { argument, allowCredentials = false }: ParseHttpUrlOptions): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError({ argument, message: `expected an http(s) URL string such as 'http://127.0.0.1:8787', got ${JSON.stringify(value)}.` });
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new InvalidArgumentError({ argument, message: `'${value}' is not a valid URL; expected something like 'http://127.0.0.1:8787'.`, cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError({ argument, message: `'${value}' uses '${url.protocol}'; only http: and https: are supported.` });
  }
  if (!allowCredentials && (url.username || url.password)) {
    throw new InvalidArgumentError({ argument, message: 'credentials in the URL are not allowed here; pass them as an option instead.' });
  }
  if (url.search || url.hash) {
    throw new InvalidArgumentError({ argument, message: `'${value}' has a query or fragment; pass only the origin and base path.` });
  }
  return url.href.replace(/\/+$/, '');
}
