import type { FaultKind } from './fault-kind.js';

/**
 * When and how to inject a fault. Rules are checked in order for each chat request; the first
 * that fires applies, and the rules after it are not checked (their counters do not move).
 *
 * @example { fault: 'rate-limit', probability: 0.2, retryAfterSeconds: 2 }
 * @example { fault: 'status-503', times: 2 } // the next two requests fail, then all succeed
 */
export interface FaultRule {
  /** What goes wrong. */
  fault: FaultKind;
  /**
   * Chance (0..1) that a request which reaches this rule gets the fault, drawn from the emulator's
   * seeded generator so a run is reproducible.
   * @default 1
   */
  probability?: number;
  /** Apply to at most this many requests; after that the rule is spent. @default no limit */
  times?: number;
  /** Only requests for this model (`ai_model` on the form, `model` on the GET API). @default any model */
  model?: string;
  /** Only every Nth request that matches `model` (the Nth, the 2Nth, ...). @default 1 */
  every?: number;
  /** `rate-limit` and `rate-limit-date`: how long the client is told to wait. @default 1 */
  retryAfterSeconds?: number;
  /** `rate-limit-ms`: the `retry-after-ms` value. @default 200 */
  retryAfterMs?: number;
  /** `slow-drip`: how long writing the whole body takes. @default 1000 */
  dripMs?: number;
  /** `latency`: extra delay before the normal answer. @default 1000 */
  delayMs?: number;
}
