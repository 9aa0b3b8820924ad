import type { FaultRule } from './fault-rule.js';

/** How to start the emulator. Every option is optional. */
export interface DynasparkEmulatorOptions {
  /** TCP port to listen on; 0 picks a free one (read it back from `emulator.port`). @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /**
   * The chat endpoint's path. Upstream renamed it once to block scrapers, so clients make it
   * configurable and the emulator does too.
   * @default '/generate_response'
   * @example '/api/v2/chat'
   */
  path?: string;
  /** More paths that also serve the chat endpoint (to test a client's path setting, or a rename). @default [] */
  paths?: string[];
  /** Delay added before every answer of the emulated endpoints, in ms. @default 0 */
  latencyMs?: number;
  /** Fault rules, checked in order for each chat request. @default [] */
  faults?: FaultRule[];
  /** Seed of the generator behind `probability`, so runs are reproducible. @default 1 */
  seed?: number;
  /**
   * Keep the last 1000 requests (headers, fields, raw body) for inspection. Benchmarks turn it off
   * to keep the hot path free of copies and hashing.
   * @default true
   */
  recordRequests?: boolean;
}
