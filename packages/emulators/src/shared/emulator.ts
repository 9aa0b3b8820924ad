import type { EmulatorMode } from './emulator-mode.js';
import type { EmulatorStats } from './emulator-stats.js';

/**
 * A running emulator: the shape both `startDynasparkEmulator` and `startOpenAICompatibleEmulator`
 * resolve to. Settings changed here take effect from the next request.
 */
export interface Emulator<Rule, Recorded> {
  /**
   * What the matching provider's `baseUrl` setting takes: the origin for Dynaspark
   * (`http://127.0.0.1:41234`), the origin plus `/v1` for OpenAI-compatible. No trailing slash.
   */
  readonly url: string;
  /** `http://host:port`, where the `/__emulator/` control endpoints are. */
  readonly origin: string;
  readonly port: number;
  /** The last 1000 requests to the emulated endpoints, oldest first (empty when recording is off). */
  readonly requests: readonly Recorded[];
  /** The fault rules in force (copies). */
  readonly faults: readonly Rule[];
  /** A snapshot of the counters. */
  readonly stats: EmulatorStats;
  /** Replaces the fault rules; their counters and the random stream start over. Throws on an invalid rule. */
  setFaults(rules: readonly Rule[]): void;
  /** Delay before every answer, in ms. */
  setLatency(ms: number): void;
  /** `down`: every emulated endpoint answers 503. */
  setMode(mode: EmulatorMode): void;
  clearRequests(): void;
  /** No faults, no latency, healthy, no recorded requests, counters at zero. */
  reset(): void;
  /** Stops listening, destroys every open connection (hung or idle) and clears pending timers. Safe to call twice. */
  close(): Promise<void>;
}
