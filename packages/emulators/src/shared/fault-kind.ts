/**
 * The faults every emulator injects, with the same meaning everywhere; each answers them in its own
 * service's shape (Dynaspark's `{"error": "..."}`, OpenAI's `{"error": {"message": ...}}`).
 *
 * - `status-NNN`: that HTTP status with the service's JSON error body;
 * - `rate-limit`: 429 with `Retry-After: <seconds>`; `rate-limit-no-header`: 429 without it;
 *   `rate-limit-ms`: 429 with `retry-after-ms`; `rate-limit-date`: 429 with `Retry-After` as an HTTP date;
 * - `reset`: the connection is reset (RST) without an answer; `hang`: no answer ever (until close);
 * - `latency`: the normal answer, `delayMs` late; `slow-drip`: the normal answer, spread over `dripMs`;
 * - `malformed-json`: a 200 whose JSON is cut off; `empty`: a well-formed 200 answer with no text.
 */
export const COMMON_FAULT_KINDS = [
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
  'reset',
  'hang',
  'latency',
  'slow-drip',
  'malformed-json',
  'empty',
] as const;

export type CommonFaultKind = (typeof COMMON_FAULT_KINDS)[number];
