import type { FaultRuleTiming } from './fault-picker.js';

/**
 * When and how to inject a fault. Rules are checked in order for each request; the first that
 * fires applies, and the rules after it are not checked (their counters do not move).
 *
 * @example { fault: 'rate-limit', probability: 0.2, retryAfterSeconds: 2 }
 * @example { fault: 'status-503', times: 2 } // the next two requests fail, then all succeed
 */
export interface FaultRule<Kind extends string = string, Endpoint extends string = string> extends FaultRuleTiming {
  /** What goes wrong. */
  fault: Kind;
  /** Only requests for this model. @default any model */
  model?: string;
  /**
   * Only requests to this endpoint.
   * @default the endpoints that answer a prompt (Dynaspark: `chat` and `api`; OpenAI-compatible: `chat`)
   */
  endpoint?: Endpoint;
  /** `rate-limit` and `rate-limit-date`: how long the client is told to wait, in seconds. @default 1 */
  retryAfterSeconds?: number;
  /** `rate-limit-ms`: the `retry-after-ms` value. @default 200 */
  retryAfterMs?: number;
  /** `slow-drip`: how long writing the whole answer takes, in ms. @default 1000 */
  dripMs?: number;
  /** `latency`: extra delay before the normal answer, in ms. @default 1000 */
  delayMs?: number;
}

/** Every key a fault rule may have, for the unknown-key check. */
export const FAULT_RULE_KEYS: readonly string[] = [
  'fault',
  'probability',
  'times',
  'every',
  'model',
  'endpoint',
  'retryAfterSeconds',
  'retryAfterMs',
  'dripMs',
  'delayMs',
];
