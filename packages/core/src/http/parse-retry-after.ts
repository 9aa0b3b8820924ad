/** Something with a `get(name)` for headers: a WHATWG `Headers` or our plain-record wrapper. */
export interface HeaderReader {
  get(name: string): string | null | undefined;
}

/**
 * How long a response asks us to wait, in milliseconds, or undefined when it does not say.
 * Reads `retry-after-ms` (OpenAI-style) first, then `Retry-After` as seconds or as an HTTP date.
 * Pure: `now` is passed in so tests can use fake time.
 */
export function parseRetryAfter(headers: HeaderReader, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds) {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
  // Every HTTP-date form has a time of day; without one, Date.parse would make a date of garbage ('-1').
  if (!/\d{2}:\d{2}:\d{2}/.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
