import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { describeValue } from './describe-value.js';

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
  const checked = httpUrlProblem(value, { allowCredentials });
  if (typeof checked === 'string') throw new InvalidArgumentError({ argument, reason: checked });
  return checked.url;
}

/**
 * Why `value` is not an absolute http(s) base URL (a message saying what would be right), or the
 * URL without a trailing slash. The one place these rules live: `parseHttpUrl` throws the message,
 * the `httpUrl()` settings schema reports it.
 */
export function httpUrlProblem(
  value: unknown,
  { allowCredentials = false, example = 'http://127.0.0.1:8787' }: { allowCredentials?: boolean; example?: string } = {},
): string | { url: string } {
  if (typeof value !== 'string' || value.trim() === '') return `expected an http(s) URL string such as '${example}', got ${describeValue(value)}.`;
  if (!URL.canParse(value)) return `'${value}' is not a valid URL; expected something like '${example}'.`;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `'${value}' uses '${url.protocol}'; only http: and https: are supported.`;
  if (!allowCredentials && (url.username || url.password)) return 'credentials in the URL are not allowed here; pass them as an option instead.';
  if (url.search || url.hash) return `'${value}' has a query or fragment; pass only the origin and base path.`;
  // A scan, not /\/+$/: that pattern backtracks over every run of slashes (quadratic on '////…x').
  let end = url.href.length;
  while (end > 0 && url.href[end - 1] === '/') end--;
  return { url: url.href.slice(0, end) };
}
