/** `healthy` answers normally; `down` answers 503 on every emulated endpoint (and Dynaspark's /status). */
export type EmulatorMode = 'healthy' | 'down';

export const EMULATOR_MODES: readonly EmulatorMode[] = ['healthy', 'down'];

/**
 * Counts over the emulated endpoints (control endpoints are not counted). A request that was
 * received is, once done, either answered or faulted; hung requests stay in flight until close().
 */
export interface EmulatorStats {
  /** Requests received since start or the last reset. */
  received: number;
  /** Requests answered without an injected fault (validation errors and `down` answers included). */
  answered: number;
  /** Requests that got an injected fault (from a rule or a `#fault:` / `#empty` directive). */
  faulted: number;
  /** Requests whose connection is still waiting for the end of an answer (live, never reset). */
  inFlight: number;
}

/** The settings that can change while an emulator runs (`POST /__emulator/config` takes any part of it). */
export interface EmulatorConfig<Rule> {
  faults: Rule[];
  latencyMs: number;
  mode: EmulatorMode;
}

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
