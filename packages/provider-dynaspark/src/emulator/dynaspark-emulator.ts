import type { EmulatorMode } from './emulator-mode.js';
import type { EmulatorStats } from './emulator-stats.js';
import type { FaultRule } from './fault-rule.js';
import type { RecordedRequest } from './recorded-request.js';

/** A running emulator. Settings changed here take effect from the next request. */
export interface DynasparkEmulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** The last 1000 requests to the emulated endpoints, oldest first (empty when recording is off). */
  readonly requests: readonly RecordedRequest[];
  /** A snapshot of the counters. */
  readonly stats: EmulatorStats;
  clearRequests(): void;
  /** Replaces the fault rules; their counters and the random stream start over. Throws on an invalid rule. */
  setFaults(rules: FaultRule[]): void;
  /** Delay before every answer, in ms. */
  setLatency(ms: number): void;
  /** `down`: /status and every chat request answer 503. */
  setMode(mode: EmulatorMode): void;
  /** No faults, no latency, healthy, no recorded requests, counters at zero. */
  reset(): void;
  /** Stops listening and destroys every open connection, hung or idle. Safe to call twice. */
  close(): Promise<void>;
}
