/** Every fault the emulator can inject, in the order the docs list them. */
export const FAULT_KINDS = [
  'status-400',
  'status-401',
  'status-403',
  'status-404',
  'status-408',
  'status-500',
  'status-502',
  'status-503',
  'rate-limit',
  'rate-limit-no-header',
  'rate-limit-ms',
  'rate-limit-date',
  'html-503',
  'html-200',
  'challenge',
  'reset',
  'hang',
  'malformed-json',
  'missing-field',
  'empty',
  'whitespace',
  'slow-drip',
  'latency',
] as const;

/**
 * A way the emulated service misbehaves:
 * - `status-NNN`: that HTTP status with a JSON `{"error": ...}` body;
 * - `rate-limit`: 429 with `Retry-After: <seconds>`; `rate-limit-no-header`: 429 without it;
 *   `rate-limit-ms`: 429 with `retry-after-ms`; `rate-limit-date`: 429 with `Retry-After` as an HTTP date;
 * - `html-503`: the hosting platform's "waking up" page; `html-200`: an HTML page with status 200;
 *   `challenge`: a 403 Cloudflare-style "Just a moment..." page;
 * - `reset`: the connection is reset without an answer; `hang`: no answer ever (until close);
 * - `malformed-json`, `missing-field`, `empty`, `whitespace`: a 200 whose body is unusable;
 * - `slow-drip`: the normal answer, a few bytes at a time; `latency`: the normal answer, late.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

const known: ReadonlySet<string> = new Set(FAULT_KINDS);

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && known.has(value);
}
