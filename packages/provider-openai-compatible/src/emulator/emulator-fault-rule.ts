/**
 * What can go wrong, on purpose:
 * - `status-500`, `status-503`: an OpenAI-style JSON error with that status;
 * - `rate-limit`: 429 with `Retry-After`;
 * - `reset`: the connection is destroyed before any response;
 * - `hang`: no response at all, until the client gives up (or the emulator closes);
 * - `malformed-json`: a 200 whose stream event (or body) is cut-off JSON;
 * - `empty`: a well-formed answer with no text;
 * - `mid-stream-error`: two chunks of text, then an `{"error": …}` event (or a 200 error body);
 * - `slow-drip`: the normal answer with `delayMs` between chunks.
 */
export type EmulatorFaultKind = 'status-500' | 'status-503' | 'rate-limit' | 'reset' | 'hang' | 'malformed-json' | 'empty' | 'mid-stream-error' | 'slow-drip';

/** The fault kinds, for validation. */
export const EMULATOR_FAULT_KINDS: readonly EmulatorFaultKind[] = [
  'status-500',
  'status-503',
  'rate-limit',
  'reset',
  'hang',
  'malformed-json',
  'empty',
  'mid-stream-error',
  'slow-drip',
];

/**
 * When and how to inject a fault. Rules are checked in order for each request; the first that
 * fires applies.
 *
 * @example { fault: 'rate-limit', times: 1 } // the next chat request gets a 429, the rest succeed
 * @example { fault: 'status-503', probability: 0.3 } // about 30% of requests, reproducibly (see `seed`)
 */
export interface EmulatorFaultRule {
  fault: EmulatorFaultKind;
  /** Apply to at most this many requests; after that the rule is spent. @default no limit */
  times?: number;
  /**
   * Chance (0..1) that a request reaching this rule gets the fault, drawn from the emulator's
   * seeded generator so a run can be replayed.
   * @default 1
   */
  probability?: number;
  /** Which endpoint the rule applies to. @default 'chat' */
  on?: 'chat' | 'models';
  /** `rate-limit`: the `Retry-After` value, in seconds. @default 1 */
  retryAfterSeconds?: number;
  /** `slow-drip`: delay between chunks, in ms. @default 250 */
  delayMs?: number;
}
